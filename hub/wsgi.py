import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.production")

application = get_wsgi_application()

# The ~200,000 objects of the loaded project live as long as the process: moved out of the
# collector's reach, a full collection no longer walks them on some request every second.
gc.collect()
gc.freeze()
