"""The portal's public data as an Open Referral HSDS 3.0 API (read-only) under /api/hsds/.

It composes offers, centres, operators and partners, so it lives under the roof
(``thekiz_portal``), beside the pages that do the same. Plain Django views and plain
functions that turn rows into HSDS dictionaries: no API framework (docs/hsds-api.md says why).
"""
