# Channels 4 no longer ships Daphne: this project serves ASGI with Uvicorn.
import os

from channels.routing import ProtocolTypeRouter
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "app.settings")
application = ProtocolTypeRouter({"http": get_asgi_application()})
