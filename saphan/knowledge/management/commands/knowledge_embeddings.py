"""Index the knowledge base again, or write the passage embeddings to the shipped file."""

from django.core.management.base import BaseCommand

from saphan.knowledge import embeddings


class Command(BaseCommand):
    help = (
        "Rebuild the knowledge search index (--reindex), dump the embedding cache (--dump) or "
        "recompute the language means (--language-means)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dump", action="store_true")
        parser.add_argument("--reindex", action="store_true")
        parser.add_argument(
            "--language-means",
            action="store_true",
            help="recompute data/language_means.npz from the law sections and checklist steps "
            "(Thai and English)",
        )

    def handle(self, *args, dump=False, reindex=False, language_means=False, **options):
        if language_means:
            import numpy as np

            means = embeddings.compute_language_means()
            np.savez(embeddings.MEANS, **{k: v.astype(np.float32) for k, v in means.items()})
            embeddings.language_means.cache_clear()
            self.stdout.write(f"{', '.join(means)} written to {embeddings.MEANS}")
        if reindex:
            from saphan.knowledge import index

            self.stdout.write(f"{index.reindex_all()} documents indexed")
        if dump:
            self.stdout.write(
                f"{embeddings.dump_shipped()} passages written to {embeddings.SHIPPED}"
            )
