"""serviceladder: career development and promotion for customer-service teams."""

__version__ = "0.1.0"
