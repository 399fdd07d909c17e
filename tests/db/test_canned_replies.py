"""Canned replies and signatures through the real Flask app on real databases: admins keep
them, only known variables are accepted, and an agent's composer gets them filled with the
ticket's facts (only on tickets the agent may see)."""

from __future__ import annotations

from tests.db.openapi_check import check
from tests.db.test_access_checks import bearer, world  # noqa: F401 - the fixture


def test_canned_replies_fill_in_the_tickets_facts_for_its_queue(world):  # noqa: F811
    app, _, tokens, _ = world
    client = app.test_client()
    admin, agent = bearer(tokens["boss"]), bearer(tokens["ann"])
    unknown = client.post("/api/v1/canned-replies", headers=admin, json={
        "title": "Hello", "body": "Dear {{customer.first_name}}"})
    assert unknown.status_code == 400
    assert unknown.get_json()["details"] == {"field": "body", "variable": "customer.first_name"}
    assert client.post("/api/v1/canned-replies", headers=agent, json={
        "title": "Hello", "body": "Hi"}).status_code == 403
    hello = client.post("/api/v1/canned-replies", headers=admin, json={
        "title": "Hello", "body": "Dear {{ customer.name }},\nabout {{ticket.number}}:"})
    assert hello.status_code == 201, hello.get_json()
    check(hello, "/api/v1/canned-replies", "post")
    elsewhere = client.post("/api/v1/canned-replies", headers=admin, json={
        "title": "Sales only", "body": "Our offer", "queues": ["nosuch"]})
    assert elsewhere.status_code == 400 and elsewhere.get_json()["details"]["field"] == "queues"
    me = client.get("/api/v1/auth/me", headers=agent).get_json()
    ticket = client.post("/api/v1/tickets", headers=bearer(tokens["lead"]), json={
        "subject": "Invoice", "owner_id": me["id"],
        "contact": {"name": "Jan Kowalski", "phone": "+48601234567"}}).get_json()
    assert client.put("/api/v1/me/signature", headers=agent, json={
        "signature": "{{agent.name}}, {{queue.name}}"}).status_code == 200
    texts = client.get(f"/api/v1/tickets/{ticket['id']}/texts", headers=agent)
    assert texts.status_code == 200
    body = check(texts, "/api/v1/tickets/{ticket_id}/texts", "get")
    assert body["replies"] == [{"id": hello.get_json()["id"], "title": "Hello",
                                "text": f"Dear Jan Kowalski,\nabout {ticket['number']}:"}]
    assert body["signature"] == "-- \nann, General"
    # Another agent's ticket: no texts for it either.
    assert client.get(f"/api/v1/tickets/{ticket['id']}/texts",
                      headers=bearer(tokens["ben"])).status_code == 404
    # A change made meanwhile is refused, not lost.
    reply_id = hello.get_json()["id"]
    assert client.patch(f"/api/v1/canned-replies/{reply_id}", headers=admin, json={
        "title": "Greeting", "revision": 1}).status_code == 200
    assert client.patch(f"/api/v1/canned-replies/{reply_id}", headers=admin, json={
        "title": "Stale", "revision": 1}).status_code == 409
    assert client.delete(f"/api/v1/canned-replies/{reply_id}", headers=admin).status_code == 204
