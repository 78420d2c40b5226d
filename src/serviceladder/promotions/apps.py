from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromotionsConfig(AppConfig):
    name = "serviceladder.promotions"
    label = "promotions"
    verbose_name = _("Promotions")

    def ready(self) -> None:
        from serviceladder.promotions.todos import KINDS, promotion_todos
        from serviceladder.todos.registry import register

        register("promotions", promotion_todos, kinds=KINDS)

        from serviceladder.eligibility.pending import pending_moves_provider_register
        from serviceladder.promotions.pending import promotions_under_way

        pending_moves_provider_register(promotions_under_way)
