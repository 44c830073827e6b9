from registry.imports import mot
from registry.models import Dataset

from ._import import ImportCommand


class Command(ImportCommand):
    help = "Import the LF AI & Data Model Openness Tool from a checkout of its repository."
    dataset, parser = Dataset.MOT, mot
