from heka_asoy.models import OutboxMail
from tests.test_maintenance import file_forwarded, tenant, jpeg
from heka_asoy.services import faults as service

def test_dump(app, client):
    user = tenant()
    report = file_forwarded(app, user, photos=[jpeg()])
    r = client.get("/maintenance/xyz")
    print(r.get_data(as_text=True).split('<main')[1].split('</main>')[0])
    m = OutboxMail.get(OutboxMail.kind == "fault_forward")
    print(m.subject); print(m.body_text); print(m.body_html)
    with app.test_request_context():
        service.add_comment(user, report.id, "Still dripping,\nplease hurry", None)
    m = OutboxMail.get(OutboxMail.kind == "fault_comment_to_maintenance")
    print(m.subject); print(m.body_text); print(m.body_html)
