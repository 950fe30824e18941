"""The bulk path (archive/ingest/bulk.py): a batch in one transaction, and what happens when it fails."""
import pytest

from archive.ingest.bulk import BatchWriter, analyze_input, load_reference
from archive.ingest.service import ImportOptions, InputFile, import_inputs
from archive.models import Article, ImportBatch, ImportRecord, Mention, Person

OPTIONS = ImportOptions()


def article(number: int, person: str = "Остап Вишняченко") -> bytes:
    return (
        f"date 2026-03-{number:02d} Засідання громади номер {number}\n\n"
        f"Голова громади {person} розповів про ремонт школи номер {number}. "
        f"За словами {person.split()[0]}а, роботи завершать до осені.\n"
    ).encode("utf-8")


def analyzed(position: int, data: bytes):
    return analyze_input(InputFile(f"file-{position}.txt", data), options=OPTIONS,
                         reference=load_reference(fixed_outlets=False), position=position)


@pytest.mark.django_db
def test_a_batch_links_one_new_person_once_and_finds_duplicates_within_itself():
    first, copy = article(1), article(1)
    batch = import_inputs(
        [InputFile("a.txt", first), InputFile("b.txt", article(2)), InputFile("copy.txt", copy)],
        options=OPTIONS, origin=ImportBatch.Origin.COMMAND,
    )
    statuses = dict(batch.records.values_list("source_name", "status"))
    assert statuses == {"a.txt": "imported", "b.txt": "imported", "copy.txt": "duplicate"}
    duplicate = batch.records.get(source_name="copy.txt")
    assert duplicate.article == batch.records.get(source_name="a.txt").article
    # Both articles name the same new person: one Person, a mention in each article.
    person = Person.objects.get(names__name="Остап Вишняченко")
    assert Mention.objects.filter(person=person).count() == 2
    assert Article.objects.count() == 2


@pytest.mark.django_db
def test_a_position_another_worker_recorded_is_left_to_it_and_the_rest_is_stored():
    batch = ImportBatch.objects.create(origin=ImportBatch.Origin.ADMIN)
    # Another worker recorded position 1 (its file) while this one analyzed.
    ImportRecord.objects.create(batch=batch, position=1, source_name="file-1.txt", status="imported")
    outcomes = []
    writer = BatchWriter(batch=batch, options=OPTIONS, on_outcome=outcomes.append, size=10)
    for position in range(3):
        writer.add(analyzed(position, article(position + 1, "Марта Ковалишин")))
    writer.flush()
    # The batch's one transaction failed on the position; its files were stored one by one.
    assert sorted(o.source for o in outcomes) == ["file-0.txt", "file-2.txt"]
    assert {o.status for o in outcomes} == {"imported"}
    assert sorted(batch.records.values_list("position", flat=True)) == [0, 1, 2]
    assert Article.objects.count() == 2
    for record in batch.records.exclude(position=1):  # each stored file has its article and mentions
        assert Mention.objects.filter(article=record.article, person__names__name="Марта Ковалишин").exists()


@pytest.mark.django_db
def test_a_text_already_in_the_archive_is_a_duplicate_in_a_later_batch():
    import_inputs([InputFile("first.txt", article(3))], options=OPTIONS, origin=ImportBatch.Origin.COMMAND)
    batch = import_inputs([InputFile("again.txt", article(3)), InputFile("new.txt", article(4))],
                          options=OPTIONS, origin=ImportBatch.Origin.COMMAND)
    again = batch.records.get(source_name="again.txt")
    assert again.status == "duplicate" and again.article.source_name == "first.txt"
    assert "already in the archive" in again.reason
    assert batch.records.get(source_name="new.txt").status == "imported"
    assert Article.objects.count() == 2
