"""Disclosure control: primary and secondary suppression, the audit and the export gate."""
