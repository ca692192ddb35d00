"""Every Productive router, in mount order."""

from planyard.dialects.productive.routes import projects

ROUTERS = [projects.router]
