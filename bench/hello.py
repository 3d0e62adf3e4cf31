"""The baseline: a Flask hello-world, served by gunicorn exactly like the portal."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!"
