from registry.imports import osai
from registry.models import Dataset

from ._import import ImportCommand


class Command(ImportCommand):
    help = "Import the European Open Source AI Index from a checkout of its main-database."
    dataset, parser = Dataset.OSAI, osai
