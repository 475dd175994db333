"""docs/operations.md's configuration reference is generated from the settings classes and up to date."""

from __future__ import annotations

import importlib
import importlib.util
import sys

from deploytools import ROOT


def load_generator():
    spec = importlib.util.spec_from_file_location("gen_config_reference", ROOT / "tools" / "gen_config_reference.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["gen_config_reference"] = mod
    spec.loader.exec_module(mod)
    return mod


gen = load_generator()


def test_reference_lists_every_environment_variable_of_every_settings_class():
    from carenet_core.settings import CoreSettings

    text = gen.render()
    for alias in ("CARENET_ENV", "CARENET_JWT_SECRET", "CARENET_JWKS_URL", "CARENET_JWT_ISSUER", "CARENET_LOG_JSON"):
        assert f"`{alias}`" in text
    assert len(CoreSettings.model_fields) <= text.count("| `CARENET_")
    for title, module in gen.PROCESSES:
        cls = importlib.import_module(module).Settings
        prefix = cls.model_config["env_prefix"]
        for field in cls.model_fields:
            if field not in CoreSettings.model_fields:
                assert f"`{(prefix + field).upper()}`" in text, f"{title}: {field}"


def test_secrets_defaults_are_never_printed():
    text = gen.render()
    assert "carenet-dev-secret-change-me" not in text
    assert "(development value; set it)" in text


def test_operations_guide_is_up_to_date_with_the_settings():
    assert gen.main(["--check"]) == 0, "run `make config-docs` (python tools/gen_config_reference.py)"


def test_check_notices_a_stale_reference(tmp_path, monkeypatch):
    stale = tmp_path / "operations.md"
    stale.write_text(f"intro\n{gen.BEGIN}\nold table\n{gen.END}\noutro\n", encoding="utf-8")
    monkeypatch.setattr(gen, "DOC", stale)
    assert gen.main(["--check"]) == 1
    monkeypatch.setattr(gen, "ROOT", tmp_path)
    assert gen.main([]) == 0
    assert gen.main(["--check"]) == 0
    assert stale.read_text(encoding="utf-8").startswith("intro\n") and "old table" not in stale.read_text(
        encoding="utf-8"
    )
