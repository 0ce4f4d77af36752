"""`selfhost-bot usage import`, `digest preview` and `digest run` through the real CLI entry point."""

from __future__ import annotations

import datetime as dt
import json

from digest_support import MONDAY, TOKEN, posted_keys, seed
from fakeslack import FakeSlack

from bot.cli import main


def test_usage_import_then_preview_shows_the_observed_volume(tmp_path, capsys):
    db = tmp_path / "c.db"
    seed(db, 1).close()
    csv = tmp_path / "usage.csv"
    csv.write_text("date,tokens\n" + "".join(f"2025-01-{d:02d},150M\n" for d in range(6, 13)))
    assert main(["usage", "import", str(csv), "--db", str(db), "--team", "T1"]) == 0
    assert "imported 7 days" in capsys.readouterr().out
    assert main(["digest", "preview", "C00000", "--db", str(db), "--team", "T1", "--now", MONDAY.isoformat(),
                 "--json"]) == 0
    message = json.loads(capsys.readouterr().out)
    assert "150M tokens/day (observed" in json.dumps(message)


def test_usage_import_errors_are_one_sentence(tmp_path, capsys):
    db = tmp_path / "c.db"
    seed(db, 1).close()
    bad = tmp_path / "bad.csv"
    bad.write_text("day,count\n1,2\n")
    assert main(["usage", "import", str(bad), "--db", str(db), "--team", "T1"]) == 2
    assert "unknown columns" in capsys.readouterr().err
    good = tmp_path / "u.csv"
    good.write_text("date,tokens\n2025-01-01,5M\n")
    assert main(["usage", "import", str(good), "--db", str(db), "--team", "T1", "--profile", "nope"]) == 2
    assert "no profile named 'nope'" in capsys.readouterr().err


def test_digest_run_once_posts_due_digests_and_a_rerun_posts_nothing(tmp_path, monkeypatch, capsys):
    db = tmp_path / "c.db"
    seed(db, 2).close()
    with FakeSlack() as fake:
        monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
        monkeypatch.setenv("SLACK_API_URL", fake.api_url)
        args = ["digest", "run", "--once", "--no-chart", "--db", str(db), "--now", MONDAY.isoformat()]
        assert main(args) == 0
        assert "2 sent" in capsys.readouterr().out
        later = (MONDAY + dt.timedelta(hours=1)).isoformat()
        assert main([*args[:-1], later]) == 0
        assert "0 sent" in capsys.readouterr().out
        assert sorted(posted_keys(fake).values()) == [1, 1]
    assert main(["digest", "run", "--once", "--now", "yesterday", "--db", str(db)]) == 2
    assert "--now" in capsys.readouterr().err
