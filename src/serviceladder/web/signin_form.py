"""The sign-in form, throttled: a locked account or address is refused before any password is checked."""

from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from serviceladder.accounts import signin
from serviceladder.core.client import client_address


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's form, with the counters of accounts.signin around its password check.

    `lock` is set when the attempt was refused (or this failure caused a lock-out), so the view can answer
    429 with Retry-After.
    """

    lock: signin.Lock | None = None

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if not username or not self.cleaned_data.get("password"):
            return super().clean()  # a field left empty: its own error, no password was checked
        address = client_address(self.request)
        self.lock = signin.signin_check(username=username, address=address)
        if self.lock is not None:
            raise ValidationError(self.lock.message(), code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError:
            self.lock = signin.signin_failure_record(username=username, address=address)
            if self.lock is not None:
                raise ValidationError(self.lock.message(), code="throttled") from None
            raise
        signin.signin_success_record(user=self.get_user(), address=address)
        return cleaned
