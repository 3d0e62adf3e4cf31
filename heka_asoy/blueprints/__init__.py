"""Blueprint registration: one package per feature."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from .auth import bp as auth_bp
    from .demo import bp as demo_bp
    from .main import bp as main_bp
    from .resident import bp as resident_bp
    from .staff import bp as staff_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(resident_bp, url_prefix="/my")
    app.register_blueprint(staff_bp, url_prefix="/staff")
    if app.config.get("DEMO_MODE"):
        app.register_blueprint(demo_bp, url_prefix="/demo")
