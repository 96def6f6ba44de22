"""The production topology on one machine (`make run-prod-local`): PostgreSQL, Redis, nginx
from Debian packages, two Rasa replicas, the action server and the web app."""
