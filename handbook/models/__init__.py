"""The Handbuch 2.0: sections, documents (articles, methods, interviews, FAQ), attachments.

The app stands alone (DESIGN.md): it imports no other app of the portal.
"""

from .catalogue import DevelopmentField, Person, Readership, Section
from .document import Document, DocumentQuerySet
from .parts import Attachment, FaqEntry, MethodFacts

__all__ = [
    "Attachment",
    "DevelopmentField",
    "Document",
    "DocumentQuerySet",
    "FaqEntry",
    "MethodFacts",
    "Person",
    "Readership",
    "Section",
]
