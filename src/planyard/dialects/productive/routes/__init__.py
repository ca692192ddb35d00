"""Every Productive router, in mount order."""

from planyard.dialects.productive.routes import directory, projects

ROUTERS = [projects.router, directory.router]
