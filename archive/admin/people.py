"""Admin for people, their names and merge suggestions (curation goes through archive.curation).

Every curation action needs the change permission (a view-only editor neither
sees nor runs them); a merge that cannot be done is a message, never an error page.
"""
from django import forms
from django.contrib import admin, messages

from archive.models import CurationLog, MergeSuggestion, Person, PersonName
from archive import curation
from archive.nlp.gazetteer import clear_cache


class PersonNameInline(admin.TabularInline):
    model = PersonName
    extra = 1
    fields = ["name", "language", "script", "kind", "key"]
    readonly_fields = ["key"]


class PersonForm(forms.ModelForm):
    merge_with = forms.ModelChoiceField(
        queryset=Person.objects.unmerged(), required=False,
        label="Merge this person into",
        help_text="All names and mentions move to the chosen person; this record stays as a redirect.",
    )

    class Meta:
        model = Person
        fields = ["name", "slug", "description", "origin", "hidden"]

    def clean_merge_with(self):
        target = self.cleaned_data.get("merge_with")
        if target is not None and target.pk == self.instance.pk:
            raise forms.ValidationError("A person cannot be merged into itself.")
        return target


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

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        # The merge field is a curation action, not a property to display read-only.
        return fields if self.has_change_permission(request, obj) else [f for f in fields if f != "merge_with"]

    def save_related(self, request, form, formsets, change):
        # The merge runs after the inline names are saved: run before, the
        # formset would save an edited name back onto the merged-away person.
        super().save_related(request, form, formsets, change)
        target = form.cleaned_data.get("merge_with")
        if target is not None:
            try:
                curation.merge_people(target, form.instance, acting_user=request.user)
            except ValueError as error:
                self.message_user(request, f"Not merged: {error}.", messages.ERROR)
            else:
                self.message_user(request, f"Merged {form.instance} into {target}.")

    def save_formset(self, request, form, formset, change):
        # PersonName.save() computes each name's key; the known-name index is refreshed.
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects + [obj for obj, _ in formset.changed_objects]:
            curation.log(request.user, CurationLog.Action.EDIT_NAME, f"Saved name {obj.name!r} of {obj.person}", name=obj.pk)
        clear_cache()

    @admin.action(description="Merge selected people (into the curated or oldest one)", permissions=["change"])
    def merge_selected(self, request, queryset):
        people = sorted(queryset.unmerged(),
                        key=lambda p: (p.origin != Person.Origin.CURATED, p.pk))
        if len(people) < 2:
            self.message_user(request, "Select at least two people to merge.", messages.WARNING)
            return
        keep = people[0]
        for other in people[1:]:
            curation.merge_people(keep, other, acting_user=request.user)
            self.log_change(request, other, f"Merged into {keep} (#{keep.pk})")
        self.message_user(request, f"Merged {len(people) - 1} into {keep}.")

    @admin.action(description="Hide selected (false people)", permissions=["change"])
    def hide_selected(self, request, queryset):
        for person in queryset:
            curation.set_hidden(person, True, acting_user=request.user)
            self.log_change(request, person, "Hidden as a false person")

    @admin.action(description="Show selected again", permissions=["change"])
    def unhide_selected(self, request, queryset):
        for person in queryset:
            curation.set_hidden(person, False, acting_user=request.user)
            self.log_change(request, person, "Shown again")


@admin.register(PersonName)
class PersonNameAdmin(admin.ModelAdmin):
    list_display = ["name", "person", "language", "script", "kind", "key"]
    list_filter = ["language", "kind", "script"]
    search_fields = ["name", "key", "person__name"]
    raw_id_fields = ["person"]
    readonly_fields = ["key"]
    actions = ["split_off"]

    @admin.action(description="Split off into a new person (a wrongly attached name)", permissions=["change"])
    def split_off(self, request, queryset):
        count = 0
        for name in queryset:
            new = curation.split_name(name, acting_user=request.user)
            self.log_change(request, new, f"Split {name.name!r} off")
            count += 1
        self.message_user(request, f"Split {count} name(s) into new people.")


@admin.register(MergeSuggestion)
class MergeSuggestionAdmin(admin.ModelAdmin):
    list_display = ["person", "other", "score", "reason", "status", "decided_by", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["person", "other", "score", "reason", "status", "decided_by", "decided_at"]
    actions = ["accept", "reject"]

    @admin.action(description="Accept: merge the two people", permissions=["change"])
    def accept(self, request, queryset):
        for suggestion in queryset.filter(status=MergeSuggestion.Status.PENDING):
            try:
                curation.decide_suggestion(suggestion, True, acting_user=request.user)
            except ValueError as error:
                self.message_user(request, f"{suggestion}: not merged ({error}).", messages.ERROR)
                continue
            self.log_change(request, suggestion, "Accepted")

    @admin.action(description="Reject: they are different people", permissions=["change"])
    def reject(self, request, queryset):
        for suggestion in queryset.filter(status=MergeSuggestion.Status.PENDING):
            curation.decide_suggestion(suggestion, False, acting_user=request.user)
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
