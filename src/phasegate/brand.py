"""The brand's policy facts as structured data: return windows, warranty terms, shipping, cut-offs.

The help center is written from these facts, the AI brief checks tickets against them, and a workspace keeps
its brand's values in `<home>/brand.yaml`. The defaults are the demo brand's (Tarn & Ridge, see
docs/demo-world.md).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

BRAND_FILE = "brand.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ShippingMethod(_Strict):
    """One way an order can travel: how long, how much, with whom."""

    code: str
    name: str
    min_business_days: int = Field(ge=0)
    max_business_days: int = Field(ge=0)
    price: Decimal = Field(ge=0)
    carriers: list[str]
    international: bool = False

    @property
    def days_text(self) -> str:
        """'3-7 business days' or '1 business day'."""
        if self.min_business_days == self.max_business_days:
            unit = "day" if self.max_business_days == 1 else "days"
            return f"{self.max_business_days} business {unit}"
        return f"{self.min_business_days}-{self.max_business_days} business days"


def _default_shipping() -> list[ShippingMethod]:
    return [
        ShippingMethod(
            code="standard",
            name="Standard",
            min_business_days=3,
            max_business_days=7,
            price=Decimal("6.95"),
            carriers=["USPS", "UPS"],
        ),
        ShippingMethod(
            code="expedited",
            name="Expedited",
            min_business_days=2,
            max_business_days=3,
            price=Decimal("14.95"),
            carriers=["UPS", "FedEx"],
        ),
        ShippingMethod(
            code="overnight",
            name="Overnight",
            min_business_days=1,
            max_business_days=1,
            price=Decimal("29.95"),
            carriers=["FedEx"],
        ),
        ShippingMethod(
            code="international",
            name="International Express",
            min_business_days=6,
            max_business_days=12,
            price=Decimal("24.95"),
            carriers=["DHL"],
            international=True,
        ),
    ]


def _default_warranty() -> dict[str, int]:
    # Months per product kind; the kinds are the catalog's (phasegate.world.catalog.KINDS).
    return {
        "rain_jacket": 24,
        "insulated_jacket": 24,
        "fleece": 24,
        "softshell": 24,
        "base_layer": 24,
        "shirt": 24,
        "pants": 24,
        "hat": 12,
        "gloves": 12,
        "socks": 12,
        "boots": 12,
        "trail_shoes": 12,
        "tent": 36,
        "sleeping_bag": 36,
        "sleeping_pad": 24,
        "backpack": 60,
        "daypack": 60,
        "duffel": 60,
        "bottle": 60,
        "mug": 60,
        "cookware": 36,
        "stove": 24,
        "headlamp": 24,
        "lantern": 24,
        "trekking_poles": 36,
    }


def _default_countries() -> dict[str, str]:
    return {
        "CA": "Canada",
        "GB": "United Kingdom",
        "IE": "Ireland",
        "DE": "Germany",
        "FR": "France",
        "NL": "Netherlands",
        "SE": "Sweden",
        "AU": "Australia",
        "NZ": "New Zealand",
        "JP": "Japan",
    }


class BrandFacts(_Strict):
    """Everything a support answer may state as policy, with the demo brand's values as defaults."""

    name: str = "Tarn & Ridge"
    website: str = "tarnandridge.com"
    support_email: str = "help@tarnandridge.com"
    support_hours: str = "Monday to Friday 6 am to 6 pm Pacific, Saturday 8 am to 4 pm Pacific"
    #: What a customer whose words suggest a risk to their life is told at once, before any hand-off ETA:
    #: where to get help now. Set it for the brand's countries; the default is for the United States.
    crisis_resources: str = (
        "If you are thinking about harming yourself or you are in danger, please call or text 988 (the "
        "Suicide & Crisis Lifeline) or call 911 now; outside the US, please call your local emergency number."
    )
    currency: str = Field(default="USD", min_length=3, max_length=3)
    order_id_prefix: str = "TR-"
    warehouse: str = "Reno, NV"

    # Returns and exchanges
    return_window_days: int = Field(default=30, ge=0)
    member_program: str = "Ridge Club"
    member_return_window_days: int = Field(default=60, ge=0)
    return_window_starts: Literal["delivery", "purchase"] = "delivery"
    return_shipping_fee: Decimal = Field(default=Decimal("6.95"), ge=0)
    worn_items_returnable: bool = False
    footwear_indoor_trial: bool = True
    sealed_only_kinds: list[str] = Field(default_factory=lambda: ["socks"])
    final_sale_section: str = "Last Chance"
    final_sale_min_discount_pct: int = Field(default=40, ge=0, le=100)
    final_sale_exchangeable: bool = False
    exchange_shipping_free: bool = True
    international_return_label: bool = False

    # Refunds
    refund_processing_business_days: int = Field(default=5, ge=0)
    refund_bank_days_min: int = Field(default=3, ge=0)
    refund_bank_days_max: int = Field(default=10, ge=0)

    # Shipping and orders
    shipping_methods: list[ShippingMethod] = Field(default_factory=_default_shipping)
    free_shipping_threshold: Decimal = Field(default=Decimal("75.00"), ge=0)
    order_cutoff: str = "1 pm Pacific"
    processing_business_days: int = Field(default=1, ge=0)
    address_change_cutoff: Literal["before_shipment"] = "before_shipment"
    cancellation_cutoff: Literal["before_shipment"] = "before_shipment"
    international_countries: dict[str, str] = Field(default_factory=_default_countries)
    duties_prepaid_countries: list[str] = Field(default_factory=lambda: ["CA", "GB"])
    delivered_not_received_wait_hours: int = Field(default=48, ge=0)
    lost_parcel_wait_business_days: int = Field(default=3, ge=0)
    damage_report_days: int = Field(default=14, ge=0)

    # Warranty
    warranty_months: dict[str, int] = Field(default_factory=_default_warranty)
    repair_flat_fee: Decimal = Field(default=Decimal("25.00"), ge=0)

    # Pricing
    price_adjustment_window_days: int = Field(default=14, ge=0)
    promo_codes_per_order: int = Field(default=1, ge=0)

    # Account
    password_reset_link_minutes: int = Field(default=60, ge=1)
    lockout_attempts: int = Field(default=5, ge=1)
    lockout_minutes: int = Field(default=30, ge=1)

    @model_validator(mode="after")
    def _consistent(self) -> BrandFacts:
        if self.member_return_window_days < self.return_window_days:
            raise ValueError("member_return_window_days must not be shorter than return_window_days")
        if self.refund_bank_days_min > self.refund_bank_days_max:
            raise ValueError("refund_bank_days_min must not exceed refund_bank_days_max")
        for method in self.shipping_methods:
            if method.min_business_days > method.max_business_days:
                raise ValueError(f"shipping method {method.code}: min_business_days exceeds max")
        return self

    def method(self, code: str) -> ShippingMethod:
        """The shipping method with this code."""
        for m in self.shipping_methods:
            if m.code == code:
                return m
        raise KeyError(code)

    def warranty_for(self, kind: str | None) -> int:
        """Warranty months for a product kind (12 when the kind is not listed)."""
        return self.warranty_months.get(kind or "", 12)

    def return_window_for(self, *, member: bool) -> int:
        """Days a customer has to start a return."""
        return self.member_return_window_days if member else self.return_window_days


_facts_memo: dict[tuple[str, int], BrandFacts] = {}


def load_facts(home: Path) -> BrandFacts:
    """The brand facts of the workspace at `home`: `<home>/brand.yaml` when present, else the defaults.

    Parsed once per file version (path and modification time): every brief and draft reads them.
    """
    path = home / BRAND_FILE
    if not path.exists():
        return BrandFacts()
    key = (str(path.resolve()), path.stat().st_mtime_ns)
    cached = _facts_memo.get(key)
    if cached is not None:
        return cached
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    facts = BrandFacts.model_validate(data)
    _facts_memo.clear()  # one workspace per process is the norm
    _facts_memo[key] = facts
    return facts


def dump_facts(facts: BrandFacts) -> str:
    """The facts as YAML, every field written out."""
    return yaml.safe_dump(facts.model_dump(mode="json"), sort_keys=False, allow_unicode=True)


def write_facts(home: Path, facts: BrandFacts) -> Path:
    """Write `<home>/brand.yaml`; returns its path."""
    home.mkdir(parents=True, exist_ok=True)
    path = home / BRAND_FILE
    path.write_text(dump_facts(facts), encoding="utf-8")
    return path
