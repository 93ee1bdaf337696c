"""The intake settings (scope, size and time limits): defaults, overrides, bad values."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from newsarchive.config import Settings

MIB = 1 << 20


def test_defaults_are_tens_of_megabytes_and_the_real_cdn_hosts():
    intake = Settings().intake
    assert intake.sputnik.max_bytes == 32 * MIB and intake.sputnik.max_decoded_bytes == 64 * MIB
    assert "cdn*.img.sputnikglobe.com" in intake.sputnik.hosts
    assert "img.piri.net" in intake.yenisafak.hosts
    assert intake.source("unknown").max_bytes == 32 * MIB and intake.resolve == {}


def test_per_source_override_from_file_and_environment(tmp_path, monkeypatch):
    cfg = tmp_path / "c.toml"
    cfg.write_text('[intake.sputnik]\nmax_bytes = 1048576\nhosts = ["cdn*.example.org"]\n'
                   '[intake.resolve]\n"sputnikglobe.com" = "194.190.139.3"\n')
    monkeypatch.setenv("NEWSARCHIVE_INTAKE__SPUTNIK__MAX_SECONDS", "30")
    intake = Settings.load(cfg).intake
    assert intake.sputnik.max_bytes == MIB and intake.sputnik.max_seconds == 30
    assert intake.sputnik.hosts == ["cdn*.example.org"]
    assert intake.yenisafak.max_bytes == 32 * MIB  # the other source keeps its defaults
    assert intake.resolve == {"sputnikglobe.com": "194.190.139.3"}


@pytest.mark.parametrize("toml", [
    "[intake.sputnik]\nmax_byts = 5\n",  # unknown key
    "[intake.sputnik]\nmax_bytes = 0\n",
    "[intake.sputnik]\nmax_bytes = 100\nmax_decoded_bytes = 10\n",
    "[intake.nosuchsource]\nmax_bytes = 100\n",
])
def test_bad_intake_settings_are_rejected(tmp_path, toml):
    cfg = tmp_path / "c.toml"
    cfg.write_text(toml)
    with pytest.raises(ValidationError):
        Settings.load(cfg)
