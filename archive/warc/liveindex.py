"""The CDXJ index of a WARC, made while the WARC is written.

For each record the writer writes, :meth:`LiveIndex.lines_for` makes the line that
cdxj-indexer (``archive.warc.cdxj.index_warc``) makes of that record when it reads
the finished file, so the file need not be read again when it closes. The line is
made by cdxj-indexer's and warcio's own code, given the record as the reader would
see it:

* the WARC headers are the record's own when every line of them reads back as written
  (no line break, no surrounding blank, no colon in a name: warcio's parser then gives
  the same list), else the block as written (``to_bytes``) parsed by warcio's reader;
  then the reader's ``WARC-Target-URI`` fix-up;
* the HTTP head, as written (``headers_buff``: the recorded bytes), is parsed by the
  reader's ``load_http_headers`` (the same parser, unverified, the same rules for
  which records have one);
* the payload stream is the one just written, rewound, for the payload digest the
  indexer computes itself when the record has none (``metadata``);
* the offset and length are those of the record's gzip member in the file.

The indexer's ``filter_record`` says which records get a line (``response``,
``revisit``, ``resource``, ``metadata`` but not ``application/warc-fields``), its
``process_index_entry`` makes the line (SURT key, timestamp, JSON fields in its order),
and its ``SortingWriter`` sorts them (and drops repeated lines) as ``sort=True`` does.
"""

from __future__ import annotations

import copy
import io

from warcio.recordloader import ArcWarcRecord, ArcWarcRecordLoader

# both through .cdxj, which imports cdxj-indexer without pkg_resources (see there)
from .cdxj import CDXJIndexer, SortingWriter


def _reads_back(header: tuple[str, str]) -> bool:
    """warcio writes a header as ``name: value`` and its parser reads that line back as
    ``(name.rstrip(), value.strip())``, joining lines that start with a blank: the same
    pair when neither part has a line break or surrounding blanks and the name no colon."""
    name, value = header
    both = name + value
    return (bool(name) and name == name.strip() and value == value.strip()
            and ":" not in name and "\n" not in both and "\r" not in both)


class _Position:
    """What warcio's ArchiveIterator tells the indexer of the record it has just read."""

    __slots__ = ("offset", "length")

    def __init__(self, offset: int, length: int):
        self.offset, self.length = offset, length

    def get_record_offset(self) -> int:
        return self.offset

    def get_record_length(self) -> int:
        return self.length


class _Lines(list):
    """An output the indexer writes lines to."""

    write = list.append


class LiveIndex:
    """The CDXJ lines of one WARC file (named ``filename``) as its records are written."""

    def __init__(self, filename: str):
        self.filename = filename
        self._indexer = CDXJIndexer(output=None, inputs=[], sort=True, filename=filename)
        self._indexer.curr_filename = filename  # as process_one sets it for each file
        self._loader = ArcWarcRecordLoader(verify_http=self._indexer.verify_http)
        self._lines: list[str] = []

    def lines_for(self, record: ArcWarcRecord, offset: int, length: int,
                  payload_at: int = 0) -> list[str]:
        """The index lines (none or one) of ``record``, just written by warcio at
        ``offset`` as a gzip member of ``length`` bytes. ``payload_at``: where its
        payload stream stood before it was written. Adds nothing: see :meth:`add`."""
        out = _Lines()
        if not self._indexer.filter_record(record):  # a request, warcinfo: never read back
            return out
        seen = self._as_read(record, payload_at)
        if self._indexer.filter_record(seen):
            self._indexer.process_index_entry(_Position(offset, length), seen,
                                              self.filename, out)
        return out

    def add(self, lines: list[str]) -> None:
        """Keep ``lines`` (their records are now in the file)."""
        self._lines.extend(lines)

    def sorted_cdxj(self) -> bytes:
        """The file's CDXJ, as ``index_warc`` gives it: sorted, repeats dropped, UTF-8."""
        out = io.StringIO()
        writer = SortingWriter(out)
        for line in self._lines:
            writer.write(line)
        writer.flush()
        return out.getvalue().encode("utf-8")

    def _as_read(self, record: ArcWarcRecord, payload_at: int) -> ArcWarcRecord:
        """``record`` as warcio's reader would give it back from the file."""
        loader = self._loader
        headers = record.rec_headers
        if all(map(_reads_back, headers.headers)):
            headers = copy.copy(headers)  # the reader's are its own to change
            headers.headers = list(headers.headers)
        else:
            headers = loader.warc_parser.parse(io.BytesIO(headers.to_bytes(encoding="utf-8")))
        rec_type = headers.get_header("WARC-Type")
        uri = loader._ensure_target_uri_format(headers)
        length = int(headers.get_header("Content-Length"))
        head = record.http_headers.headers_buff if record.http_headers else b""
        http = loader.load_http_headers(rec_type, uri, io.BytesIO(head), length)
        if rec_type == "revisit":  # warcio writes a revisit's HTTP head and no payload
            payload = io.BytesIO()
        else:
            payload = record.raw_stream
            payload.seek(payload_at)
        return ArcWarcRecord("warc", rec_type, headers, payload, http,
                             headers.get_header("Content-Type"), length)
