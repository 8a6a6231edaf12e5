""""API Reference and Playground": Swagger UI over the served spec, from the swagger-ui-bundle
package (no CDN). The page is at ``/api/v2/`` (also ``/api/v2/playground``); its assets at
``/api/v2/playground/<file>``. Calls made from it are authorised with Basic or X-API-Key."""
from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import Route

PAGE_PATH = "/api/v2/"
ASSET_PREFIX = "/api/v2/playground/"
ASSETS = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "application/javascript",
    "favicon-32x32.png": "image/png",
    "favicon-16x16.png": "image/png",
}

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Plesk REST API: Reference and Playground</title>
  <link rel="stylesheet" href="{prefix}swagger-ui.css">
  <link rel="icon" type="image/png" href="{prefix}favicon-32x32.png" sizes="32x32">
  <style>body {{ margin: 0; }} .pp-note {{ font-family: sans-serif; padding: 8px 20px; background: #f4f4f4; }}</style>
</head>
<body>
  <div class="pp-note">Plesk REST API v2 on polypanel. Click <b>Authorize</b> and give the administrator's login
  and password (Basic) or an API key (X-API-Key), then <b>Try it out</b>. The description is also at
  <a href="swagger.yml">swagger.yml</a>, <a href="swagger.json">swagger.json</a> (OpenAPI 2.0) and
  <a href="openapi.json">openapi.json</a> (OpenAPI 3.0).</div>
  <div id="swagger-ui"></div>
  <script src="{prefix}swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({{
      url: "{spec}",
      dom_id: "#swagger-ui",
      layout: "BaseLayout",
      deepLinking: true,
      validatorUrl: null,
      persistAuthorization: false,
      displayOperationId: false
    }});
  </script>
</body>
</html>
"""


def _bundle_dir() -> Path:
    import swagger_ui_bundle

    return Path(swagger_ui_bundle.swagger_ui_path)


def routes() -> list:
    """Routes relative to the API's mount point (/api/v2)."""
    html = PAGE.format(prefix=ASSET_PREFIX, spec="/api/v2/openapi.json")
    headers = {"Cache-Control": "no-store", "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff"}

    async def page(_request: Request) -> Response:
        return HTMLResponse(html, headers=headers)

    async def asset(request: Request) -> Response:
        name = request.path_params["file"]
        if name not in ASSETS:
            from .errors import PleskError

            return PleskError(404, "Not found").response()
        return FileResponse(_bundle_dir() / name, media_type=ASSETS[name],
                            headers={"Cache-Control": "public, max-age=86400"})

    return [
        Route("/", page, methods=["GET"]),
        Route("/playground", page, methods=["GET"]),
        Route("/playground/{file}", asset, methods=["GET"]),
    ]
