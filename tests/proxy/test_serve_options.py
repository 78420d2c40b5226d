"""`serve --trusted-proxy` and SERVICELADDER_TRUSTED_PROXY become waitress's proxy settings."""

import argparse

from serviceladder.cli.commands.serve import add_serve_arguments, proxy_options


def _parse(argv, monkeypatch, env=None):
    monkeypatch.delenv("SERVICELADDER_TRUSTED_PROXY", raising=False)
    if env:
        monkeypatch.setenv("SERVICELADDER_TRUSTED_PROXY", env)
    parser = argparse.ArgumentParser()
    add_serve_arguments(parser)
    return parser.parse_args(argv)


def test_option_environment_and_default(monkeypatch):
    assert _parse([], monkeypatch).trusted_proxy is None
    assert _parse([], monkeypatch, env="10.0.0.5").trusted_proxy == "10.0.0.5"
    assert _parse(["--trusted-proxy", "127.0.0.1"], monkeypatch, env="10.0.0.5").trusted_proxy == "127.0.0.1"


def test_waitress_options():
    assert proxy_options(None) == {"clear_untrusted_proxy_headers": True}
    assert proxy_options("127.0.0.1") == {
        "clear_untrusted_proxy_headers": True,
        "trusted_proxy": "127.0.0.1",
        "trusted_proxy_count": 1,
        "trusted_proxy_headers": {"x-forwarded-proto", "x-forwarded-host", "x-forwarded-for"},
    }


def test_waitress_accepts_them():
    from waitress.adjustments import Adjustments

    adj = Adjustments(**proxy_options("127.0.0.1"))
    assert adj.trusted_proxy == "127.0.0.1"
    assert adj.trusted_proxy_headers == {"x-forwarded-proto", "x-forwarded-host", "x-forwarded-for"}
