"""Admin for people, their names and merge suggestions (curation goes through archive.nlp.curation)."""
from django import forms
from django.contrib import admin, messages

from archive.models import CurationLog, MergeSuggestion, Person, PersonName
from archive.nlp import curation


class PersonNameInline(admin.TabularInline):
    model = PersonName
    extra = 1
    fields = ["name", "language", "script", "kind", "key"]
    readonly_fields = ["key"]


class PersonForm(forms.ModelForm):
    merge_with = forms.ModelChoiceField(
        queryset=Person.objects.filter(merged_into__isnull=True), required=False,
        label="Merge this person into",
        help_text="All names and mentions move to the chosen person; this record stays as a redirect.",
    )

    class Meta:
        model = Person
        fields = ["name", "slug", "description", "origin", "hidden"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    form = PersonForm
    list_display = ["name", "origin", "hidden", "merged_into"]
    list_filter = ["origin", "hidden", ("merged_into", admin.EmptyFieldListFilter)]
    search_fields = ["name", "names__name"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["merged_into"]
    inlines = [PersonNameInline]
    actions = ["merge_selected", "hide_selected", "unhide_selected"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        target = form.cleaned_data.get("merge_with")
        if target and target.pk != obj.pk:
            curation.merge_people(target, obj, user=request.user)
            self.message_user(request, f"Merged {obj} into {target}.")

    def save_formset(self, request, form, formset, change):
        # Added names get their matching key, and the gazetteer is refreshed.
        instances = formset.save(commit=False)
        from archive.nlp.keys import name_key
        from archive.nlp.linking import script_of
        for obj in formset.deleted_objects:
            obj.delete()
        for obj in instances:
            obj.key = name_key(obj.name)
            obj.script = obj.script or script_of(obj.name)
            obj.save()
            curation.log(request.user, "edit_name", f"Saved name {obj.name!r} of {obj.person}", name=obj.pk)
        formset.save_m2m()
        curation.clear_cache()

    @admin.action(description="Merge selected people (into the curated or oldest one)")
    def merge_selected(self, request, queryset):
        people = sorted(queryset.filter(merged_into__isnull=True),
                        key=lambda p: (p.origin != Person.Origin.CURATED, p.pk))
        if len(people) < 2:
            self.message_user(request, "Select at least two people to merge.", messages.WARNING)
            return
        keep = people[0]
        for other in people[1:]:
            curation.merge_people(keep, other, user=request.user)
            self.log_change(request, other, f"Merged into {keep} (#{keep.pk})")
        self.message_user(request, f"Merged {len(people) - 1} into {keep}.")

    @admin.action(description="Hide selected (false people)")
    def hide_selected(self, request, queryset):
        for person in queryset:
            curation.set_hidden(person, True, user=request.user)
            self.log_change(request, person, "Hidden as a false person")

    @admin.action(description="Show selected again")
    def unhide_selected(self, request, queryset):
        for person in queryset:
            curation.set_hidden(person, False, user=request.user)
            self.log_change(request, person, "Shown again")


@admin.register(PersonName)
class PersonNameAdmin(admin.ModelAdmin):
    list_display = ["name", "person", "language", "script", "kind", "key"]
    list_filter = ["language", "kind", "script"]
    search_fields = ["name", "key", "person__name"]
    raw_id_fields = ["person"]
    readonly_fields = ["key"]
    actions = ["split_off"]

    @admin.action(description="Split off into a new person (a wrongly attached name)")
    def split_off(self, request, queryset):
        for name in queryset:
            new = curation.split_name(name, user=request.user)
            self.log_change(request, new, f"Split {name.name!r} off")
        self.message_user(request, f"Split {queryset.count()} name(s) into new people.")


@admin.register(MergeSuggestion)
class MergeSuggestionAdmin(admin.ModelAdmin):
    list_display = ["person", "other", "score", "reason", "status", "decided_by", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["person", "other", "score", "reason", "status", "decided_by", "decided_at"]
    actions = ["accept", "reject"]

    @admin.action(description="Accept: merge the two people")
    def accept(self, request, queryset):
        for suggestion in queryset.filter(status=MergeSuggestion.Status.PENDING):
            curation.decide_suggestion(suggestion, True, user=request.user)
            self.log_change(request, suggestion, "Accepted")

    @admin.action(description="Reject: they are different people")
    def reject(self, request, queryset):
        for suggestion in queryset.filter(status=MergeSuggestion.Status.PENDING):
            curation.decide_suggestion(suggestion, False, user=request.user)
            self.log_change(request, suggestion, "Rejected")


@admin.register(CurationLog)
class CurationLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "action", "summary"]
    list_filter = ["action"]
    search_fields = ["summary"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
