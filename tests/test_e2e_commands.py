"""End to end: signed /selfhost commands through the real HTTP server, replies checked against limits."""

from __future__ import annotations

from bot.render.limits import check_message
from bot.slack.subcommands import names


def _texts(blocks: list[dict]) -> str:
    return "\n".join(b.get("text", {}).get("text", "") for b in blocks if isinstance(b.get("text"), dict))


def test_help_is_answered_in_the_ack_with_every_subcommand(slack_app):
    r = slack_app.command("help")
    assert r.status == 200
    body = r.json
    assert body["response_type"] == "ephemeral"
    assert check_message(body) == []
    shown = _texts(body["blocks"])
    for name in names():
        assert f"/selfhost {name}" in shown
    assert "e.g." in shown
    assert slack_app.fake.calls() == []  # no Web API call needed for help


def test_empty_command_shows_help(slack_app):
    body = slack_app.command("").json
    assert check_message(body) == []
    assert "/selfhost recommend" in _texts(body["blocks"])


def test_unknown_subcommand_suggests_the_closest(slack_app):
    body = slack_app.command("profil show").json
    assert check_message(body) == []
    assert "I don't know `/selfhost profil`. Did you mean `profile`?" in _texts(body["blocks"])
    assert "profile" in body["text"]


def test_unknown_subcommand_without_a_close_match_still_helps(slack_app):
    body = slack_app.command("zzzzqqq").json
    assert "Did you mean" not in body["text"]
    assert "/selfhost help" in _texts(body["blocks"])


def test_subcommand_is_acked_empty_then_answered_via_response_url(slack_app):
    r = slack_app.command("usage 120M")
    assert r.status == 200 and r.body == b""
    (call,) = slack_app.fake.wait_for("response_url")
    assert check_message(call.body) == []
    assert call.body["response_type"] == "ephemeral"
    assert "/selfhost usage" in call.body["text"]


def test_post_to_channel_reposts_the_answer_and_removes_the_ephemeral(slack_app, monkeypatch):
    import sys
    import types

    from bot.slack import subcommands
    from bot.slack.deps import Reply

    def fake_handler(cmd, deps, client):  # a real handler function, registered through the table
        return Reply(text=f"answer for {cmd.args}", blocks=[
            {"type": "section", "text": {"type": "mrkdwn", "text": f"*{cmd.args}*"}}])

    module = types.ModuleType("tests_echo_handler")
    module.handle = fake_handler
    monkeypatch.setitem(sys.modules, "tests_echo_handler", module)
    echo = subcommands.Sub("echo", "echo TEXT", "Says it back.", "echo 42", "tests_echo_handler:handle")
    monkeypatch.setattr(subcommands, "SUBCOMMANDS", (*subcommands.SUBCOMMANDS, echo))  # one row: all it takes
    ack = slack_app.command("echo 42 tokens", response_url=slack_app.fake.response_url("echo"))
    assert ack.status == 200 and ack.body == b""  # a known sub-command: no "I don't know" in the ack
    assert "/selfhost echo TEXT" in _texts(slack_app.command("help").json["blocks"])
    (reply,) = slack_app.fake.wait_for("response_url")
    assert check_message(reply.body) == []
    button = reply.body["blocks"][-1]["elements"][0]
    assert button["action_id"] == "post_to_channel" and button["value"] == "echo 42 tokens"

    r = slack_app.sender.button("post_to_channel", button["value"], block_id="share",
                                response_url=slack_app.fake.response_url("act"))
    assert r.status == 200
    (post,) = slack_app.fake.wait_for("chat.postMessage")
    assert post.body["channel"] == "C1"
    assert post.body["text"] == "answer for 42 tokens"
    assert check_message(post.body) == []
    assert all(b.get("block_id") != "share" for b in post.body["blocks"])
    assert "Shared by <@U1>" in str(post.body["blocks"][-1])
    deleted = slack_app.fake.wait_for("response_url", 2)[1]
    assert deleted.body.get("delete_original") is True
