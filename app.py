"""Entry point for `flask run` and WSGI servers."""

from flouria_pwa import create_app

app = create_app()
