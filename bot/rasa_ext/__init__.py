"""What the Rasa server loads from endpoints.yml and `bot.rasa_server`: the lock store, the
tracker store and the action-call retries that make several replicas behave as one."""
