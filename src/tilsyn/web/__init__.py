"""The web application: FastAPI, server-rendered DKFDS pages, a JSON API, local users and an access log."""
