"""In-app notifications (the bell) and their e-mail copies. `services.notify` is the one way to send one."""
