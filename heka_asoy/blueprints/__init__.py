"""Blueprint registration: one package per feature."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from .auth import bp as auth_bp
    from .bookings import bp as bookings_bp
    from .demo import bp as demo_bp
    from .faults import bp as faults_bp
    from .main import bp as main_bp
    from .maintenance import bp as maintenance_bp
    from .powers import bp as powers_bp
    from .public_faults import bp as public_faults_bp
    from .resident import bp as resident_bp
    from .staff import bp as staff_bp
    from .staff_bookings import bp as staff_bookings_bp
    from .staff_faults import bp as staff_faults_bp
    from .staff_powers import bp as staff_powers_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(resident_bp, url_prefix="/my")
    app.register_blueprint(staff_bp, url_prefix="/staff")
    app.register_blueprint(faults_bp, url_prefix="/my/faults")
    app.register_blueprint(public_faults_bp, url_prefix="/report-fault")
    app.register_blueprint(maintenance_bp, url_prefix="/maintenance")
    app.register_blueprint(staff_faults_bp, url_prefix="/staff/faults")
    app.register_blueprint(bookings_bp, url_prefix="/my/bookings")
    app.register_blueprint(staff_bookings_bp, url_prefix="/staff/bookings")
    app.register_blueprint(powers_bp, url_prefix="/my/power-of-attorney")
    app.register_blueprint(staff_powers_bp, url_prefix="/staff/powers")
    if app.config.get("DEMO_MODE"):
        app.register_blueprint(demo_bp, url_prefix="/demo")
