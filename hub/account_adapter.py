"""allauth, fitted to Hubbub: its per-address sign-in limits see the visitor's address.

Behind a load balancer REMOTE_ADDR is the balancer's, so every sign-in would share one
address limit; hub.client_ip reads it the way the other limits do (TRUSTED_PROXY_COUNT).
"""

from allauth.account.adapter import DefaultAccountAdapter

from hub.client_ip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        return client_ip(request) or super().get_client_ip(request)
