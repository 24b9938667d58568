"""The HTTP API (``/api/v1``): the planner's plans as JSON for registries, EHRs and
scripts, served by the app's own server (``app.py``). ``service`` builds it,
``planning_routes`` holds the planning routes, ``schemas`` declares every request
and response, ``scenario_body`` turns a request into a Scenario."""
