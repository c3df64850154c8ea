"""Index the knowledge base again, or write the passage embeddings to the shipped file."""

from django.core.management.base import BaseCommand

from saphan.knowledge import embeddings


class Command(BaseCommand):
    help = "Rebuild the knowledge search index (--reindex) or dump the embedding cache (--dump)."

    def add_arguments(self, parser):
        parser.add_argument("--dump", action="store_true")
        parser.add_argument("--reindex", action="store_true")

    def handle(self, *args, dump=False, reindex=False, **options):
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
