"""Reading county CSV files: encodings, TWD97 TM2 coordinates, hours and dates as counties write them."""

import math
from datetime import date

import pytest
from carenet_resources.imports import rules

# GRS80, the ellipsoid of TWD97
A = 6378137.0
F = 1 / 298.257222101
E2 = F * (2 - F)


def meridian_arc(lat_deg: float) -> float:
    """Distance on GRS80 from the equator to `lat_deg` along a meridian (the textbook series)."""
    p = math.radians(lat_deg)
    e4, e6 = E2 * E2, E2**3
    return A * (
        (1 - E2 / 4 - 3 * e4 / 64 - 5 * e6 / 256) * p
        - (3 * E2 / 8 + 3 * e4 / 32 + 45 * e6 / 1024) * math.sin(2 * p)
        + (15 * e4 / 256 + 45 * e6 / 1024) * math.sin(4 * p)
        - (35 * e6 / 3072) * math.sin(6 * p)
    )


@pytest.mark.parametrize("lat", [22.0, 24.0, 24.5602, 25.3])
def test_twd97_on_the_central_meridian(lat):
    # TM2 zone 121: central meridian 121°E, false easting 250 000 m, scale 0.9999, no false northing.
    # On the central meridian X = 250 000 and Y = 0.9999 × the meridian arc.
    got_lat, got_lon = rules.twd97_to_wgs84(250_000.0, 0.9999 * meridian_arc(lat))
    assert got_lon == pytest.approx(121.0, abs=1e-9)
    assert got_lat == pytest.approx(lat, abs=1e-8)


def test_twd97_east_of_the_central_meridian_is_east_of_121():
    lat, lon = rules.twd97_to_wgs84(260_000.0, 0.9999 * meridian_arc(24.0))
    # 10 km east at 24°N is about 10 / (111.32 × cos 24°) = 0.0984° of longitude
    assert lon == pytest.approx(121.0 + 10 / (111.32 * math.cos(math.radians(24))), abs=5e-4)
    assert lat == pytest.approx(24.0, abs=1e-3)


def test_coordinates_are_told_apart_by_their_size():
    assert rules.coordinates({"lat": "24.56", "lon": "120.82"}) == (24.56, 120.82)
    lat, lon = rules.coordinates({"x": "250000", "y": f"{0.9999 * meridian_arc(24.0):.3f}"})
    assert (round(lat, 6), round(lon, 6)) == (24.0, 121.0)
    with pytest.raises(rules.RowError, match="neither WGS84"):
        rules.coordinates({"x": "9000000", "y": "2700000"})
    with pytest.raises(rules.RowError, match="no coordinates"):
        rules.coordinates({"x": "250000"})
    with pytest.raises(rules.RowError, match="not a number"):
        rules.coordinates({"lat": "北緯24", "lon": "120.8"})


def test_utf8_with_or_without_bom_and_big5_are_read():
    text = "編號,名稱\nA1,苗栗縣社區心理衛生中心\n"
    assert rules.decode(text.encode("utf-8")) == text
    assert rules.decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == text
    assert rules.decode(text.encode("big5")) == text
    with pytest.raises(ValueError):
        rules.decode(b"\xff\xfe\x00\x81\x00")


def test_chinese_headers_map_to_fields_and_unknown_columns_are_ignored():
    assert rules.header_fields(["編號", "機構名稱", "鄉鎮市區", "TWD97X", "TWD97 Y", "備註"]) == [
        "source_id",
        "name",
        "district",
        "x",
        "y",
        None,
    ]
    with pytest.raises(ValueError, match="source_id"):
        rules.read_csv("名稱,地址\n甲,乙\n")


@pytest.mark.parametrize(
    ("text", "weekly"),
    [
        (
            "mon-fri 09:00-12:00,13:30-17:00; sat 9:00-12:00",
            {
                d: [{"opens": "09:00", "closes": "12:00"}, {"opens": "13:30", "closes": "17:00"}]
                for d in ("mon", "tue", "wed", "thu", "fri")
            }
            | {"sat": [{"opens": "09:00", "closes": "12:00"}]},
        ),
        (
            "24h",
            {d: [{"opens": "00:00", "closes": "24:00"}] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
        ),
    ],
)
def test_hours_as_files_write_them(text, weekly):
    assert rules.parse_hours(text) == {"weekly": weekly, "exceptions": []}


@pytest.mark.parametrize("text", ["週一至週五 9-17", "fri-mon 09:00-12:00", "mon 9am-5pm", "mon"])
def test_hours_that_cannot_be_read_are_a_row_error(text):
    with pytest.raises(rules.RowError, match="hours"):
        rules.parse_hours(text)


@pytest.mark.parametrize(
    ("text", "day"),
    [("2026-11-30", date(2026, 11, 30)), ("115/11/30", date(2026, 11, 30)), ("99/1/5", date(2010, 1, 5))],
)
def test_iso_and_roc_dates(text, day):
    assert rules.parse_day(text) == day


def test_a_row_with_more_cells_than_the_header_is_refused():
    file = rules.read_csv("編號,名稱\nA1,甲,多出來\n")
    ((index, row),) = list(rules.rows_of(file))
    assert index == 1 and isinstance(row, rules.RowError)
