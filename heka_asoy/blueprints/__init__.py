"""Blueprint registration: one package per feature."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from .announcements import bp as announcements_bp
    from .appointments import bp as appointments_bp
    from .appointments import my_bp as my_appointments_bp
    from .auth import bp as auth_bp
    from .bookings import bp as bookings_bp
    from .demo import bp as demo_bp
    from .door import bp as door_bp
    from .faults import bp as faults_bp
    from .flat import bp as flat_bp
    from .household import bp as household_bp
    from .info import bp as info_bp
    from .lease import bp as lease_bp
    from .main import bp as main_bp
    from .maintenance import bp as maintenance_bp
    from .messages import bp as messages_bp
    from .mydata import bp as mydata_bp
    from .notifications import bp as notifications_bp
    from .powers import bp as powers_bp
    from .public_faults import bp as public_faults_bp
    from .rent import bp as rent_bp
    from .resident import bp as resident_bp
    from .service_requests import bp as service_requests_bp
    from .staff import bp as staff_bp
    from .staff_accounts import bp as staff_accounts_bp
    from .staff_announcements import bp as staff_announcements_bp
    from .staff_audit import bp as staff_audit_bp
    from .staff_billing import bp as staff_billing_bp
    from .staff_bookings import bp as staff_bookings_bp
    from .staff_closures import bp as staff_closures_bp
    from .staff_documents import bp as staff_documents_bp
    from .staff_door import bp as staff_door_bp
    from .staff_faults import bp as staff_faults_bp
    from .staff_household import bp as staff_household_bp
    from .staff_inbox import bp as staff_inbox_bp
    from .staff_invoicing import bp as staff_invoicing_bp
    from .staff_mailbox import bp as staff_mailbox_bp
    from .staff_messages import bp as staff_messages_bp
    from .staff_office import bp as staff_office_bp
    from .staff_onbehalf import bp as staff_onbehalf_bp
    from .staff_powers import bp as staff_powers_bp
    from .staff_register import bp as staff_register_bp
    from .staff_requests import bp as staff_requests_bp
    from .staff_responsibility import bp as staff_responsibility_bp
    from .staff_terminations import bp as staff_terminations_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(resident_bp, url_prefix="/my")
    app.register_blueprint(staff_bp, url_prefix="/staff")
    app.register_blueprint(faults_bp, url_prefix="/my/faults")
    app.register_blueprint(public_faults_bp, url_prefix="/report-fault")
    app.register_blueprint(maintenance_bp, url_prefix="/maintenance")
    app.register_blueprint(staff_faults_bp, url_prefix="/staff/faults")
    app.register_blueprint(bookings_bp, url_prefix="/my/bookings")
    app.register_blueprint(door_bp, url_prefix="/my/door")
    app.register_blueprint(staff_bookings_bp, url_prefix="/staff/bookings")
    app.register_blueprint(rent_bp, url_prefix="/my/rent")
    app.register_blueprint(staff_invoicing_bp, url_prefix="/staff/invoicing")
    app.register_blueprint(staff_door_bp, url_prefix="/staff/door")
    app.register_blueprint(household_bp, url_prefix="/my")
    app.register_blueprint(staff_household_bp, url_prefix="/staff/occupants")
    app.register_blueprint(lease_bp, url_prefix="/my/lease")
    app.register_blueprint(staff_terminations_bp, url_prefix="/staff/terminations")
    app.register_blueprint(staff_billing_bp, url_prefix="/staff/billing")
    app.register_blueprint(powers_bp, url_prefix="/my/power-of-attorney")
    app.register_blueprint(staff_powers_bp, url_prefix="/staff/powers")
    app.register_blueprint(staff_mailbox_bp, url_prefix="/staff/mailbox")
    app.register_blueprint(staff_onbehalf_bp, url_prefix="/staff/on-behalf")
    app.register_blueprint(staff_closures_bp, url_prefix="/staff/account-closures")
    app.register_blueprint(mydata_bp, url_prefix="/my/data")
    app.register_blueprint(service_requests_bp, url_prefix="/my/requests")
    app.register_blueprint(staff_requests_bp, url_prefix="/staff/requests")
    app.register_blueprint(messages_bp, url_prefix="/my")
    app.register_blueprint(staff_messages_bp, url_prefix="/staff/messages")
    app.register_blueprint(staff_responsibility_bp, url_prefix="/staff/responsibility")
    app.register_blueprint(staff_inbox_bp, url_prefix="/staff/inbox")
    app.register_blueprint(notifications_bp, url_prefix="/notifications")
    app.register_blueprint(appointments_bp, url_prefix="/appointments")
    app.register_blueprint(announcements_bp, url_prefix="/my/announcements")
    app.register_blueprint(staff_announcements_bp, url_prefix="/staff/announcements")
    app.register_blueprint(info_bp)
    app.register_blueprint(flat_bp, url_prefix="/my/flat")
    app.register_blueprint(staff_documents_bp, url_prefix="/staff/documents")
    app.register_blueprint(my_appointments_bp, url_prefix="/my/appointments")
    app.register_blueprint(staff_office_bp, url_prefix="/staff/office")
    app.register_blueprint(staff_register_bp, url_prefix="/staff/register")
    app.register_blueprint(staff_audit_bp, url_prefix="/staff/audit")
    app.register_blueprint(staff_accounts_bp, url_prefix="/staff/accounts")
    if app.config.get("DEMO_MODE"):
        app.register_blueprint(demo_bp, url_prefix="/demo")
