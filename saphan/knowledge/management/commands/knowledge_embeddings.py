"""Index the knowledge base again, or write the passage embeddings to the shipped file."""

from django.core.management.base import BaseCommand

from saphan.knowledge import embeddings


class Command(BaseCommand):
    help = "Rebuild the knowledge search index (--reindex) or dump the embedding cache (--dump)."

    def add_arguments(self, parser):
        parser.add_argument("--dump", action="store_true")
        parser.add_argument("--reindex", action="store_true")
        parser.add_argument(
            "--query-mean",
            action="store_true",
            help="recompute data/query_mean.npy from the checklist steps (Thai and English)",
        )

    def handle(self, *args, dump=False, reindex=False, query_mean=False, **options):
        if query_mean:
            from pathlib import Path

            import numpy as np

            from saphan.knowledge.law_data import CHECKLIST

            texts = [c[4] for c in CHECKLIST] + [c[5] for c in CHECKLIST]
            vectors = np.asarray(embeddings._model().query(texts), dtype=np.float32)
            path = Path(embeddings.__file__).resolve().parent / "data" / "query_mean.npy"
            np.save(path, vectors.mean(axis=0).astype(np.float32))
            self.stdout.write(f"mean of {len(texts)} query vectors written to {path}")
        if reindex:
            from saphan.knowledge import index
            from saphan.knowledge.models import (
                ChecklistItem,
                GoodPractice,
                LawSection,
                Lesson,
                PracticeStatus,
            )

            docs = [index.law_doc(s) for s in LawSection.objects.all()]
            docs += [index.checklist_doc(i) for i in ChecklistItem.objects.all()]
            docs += [
                index.lesson_doc(lesson) for lesson in Lesson.objects.select_related("workshop")
            ]
            docs += [
                index.practice_doc(p)
                for p in GoodPractice.objects.filter(status=PracticeStatus.PUBLISHED)
            ]
            self.stdout.write(f"{index.index_docs(docs)} documents indexed")
        if dump:
            self.stdout.write(
                f"{embeddings.dump_shipped()} passages written to {embeddings.SHIPPED}"
            )
