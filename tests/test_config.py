"""The one settings object: file, environment and options merge table by table."""

from newsarchive.config import Settings


def test_env_and_options_merge_into_file_tables(tmp_path, monkeypatch):
    config = tmp_path / "n.toml"
    config.write_text('store = "s3://b/p"\n[s3]\nendpoint_url = "http://s3.local:8333"\n'
                      'access_key_id = "AK"\n[politeness]\ndownload_delay = 5\n'
                      '[base_urls]\nsputnik = "http://mirror.local"\n')
    monkeypatch.setenv("NEWSARCHIVE_S3__REGION", "eu-1")
    monkeypatch.setenv("NEWSARCHIVE_POLITENESS__AUTOTHROTTLE", "false")
    s = Settings.load(config, base_urls={"yenisafak": "http://127.0.0.1:8081"})
    assert s.store_url == "s3://b/p"
    assert (s.s3.endpoint_url, s.s3.access_key_id, s.s3.region) == \
        ("http://s3.local:8333", "AK", "eu-1")
    assert s.politeness.download_delay == 5 and s.politeness.autothrottle is False
    assert s.base_urls == {"yenisafak": "http://127.0.0.1:8081",
                           "sputnik": "http://mirror.local"}


def test_defaults_are_polite_and_local(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("NEWSARCHIVE_BASE_URLS", "NEWSARCHIVE_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    s = Settings.load()
    assert s.base_urls == {"yenisafak": "https://en.yenisafak.com",
                           "sputnik": "https://sputnikglobe.com"}
    assert s.politeness.obey_robots and s.politeness.concurrent_per_site == 1
    assert s.politeness.download_delay >= 1 and s.politeness.autothrottle
    assert "+http" in s.user_agent
    assert s.store_url == str(tmp_path / "data" / "store")
    assert s.catalog_url == f"sqlite:///{tmp_path / 'data' / 'catalog.sqlite'}"
