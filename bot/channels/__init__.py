"""Rasa input channels with limits: REST (a trusted backend) and socket.io (browsers).

Every value a client sends is checked here before it reaches the NLU, the tracker store
or the case store (`limits.py`); socket.io sessions are issued and signed by the server
(`sessions.py`). See docs/security.md.
"""
