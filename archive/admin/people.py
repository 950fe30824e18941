"""Admin for people, their names and merge suggestions (curation goes through archive.curation).

Every curation action needs the change permission (a view-only editor neither
sees nor runs them); a merge that cannot be done is a message, never an error page.
Every merge goes through the confirmation page (archive/admin/merge.py). Edits made
on a person's page (its origin, hidden, its names) go through the curation services,
so each is in the curation log, and a name given there relinks the articles writing it.
Pickers of people (autocomplete, raw-id lookups, choice fields) offer no merged-away record.
"""
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.http import HttpResponseRedirect
from django.urls import path
from django.utils.html import format_html

from archive.models import CurationLog, MergeSuggestion, Person, PersonName
from archive import curation
from archive.nlp.linking import resolve

from .merge import default_survivor, merge_url, merge_view


class PersonNameInline(admin.TabularInline):
    model = PersonName
    extra = 1
    fields = ["name", "language", "script", "kind", "key"]
    readonly_fields = ["key"]


class PersonForm(forms.ModelForm):
    merge_with = forms.ModelChoiceField(
        queryset=Person.objects.unmerged(), required=False,
        label="Merge this person into",
        help_text="Saving opens the merge confirmation page, where you choose which record is kept; "
        "the other's names, mentions and events move to it.",
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

    def get_urls(self):
        merge = path("merge/", self.admin_site.admin_view(lambda request: merge_view(self, request)),
                     name="archive_person_merge")
        return [merge, *super().get_urls()]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if IS_POPUP_VAR in request.GET:  # a raw-id lookup picks a person: merged records are no choice
            queryset = queryset.unmerged()
        return queryset

    def get_search_results(self, request, queryset, search_term):
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        if request.resolver_match and request.resolver_match.url_name == "autocomplete":
            queryset = queryset.unmerged()  # the autocomplete of mentions and the like
        return queryset, duplicates

    def save_model(self, request, obj, form, change):
        """Origin and hidden changes are curation: saved and logged by their services."""
        before = form.initial if change else {}
        origin_changed = change and "origin" in form.changed_data
        hidden_changed = change and "hidden" in form.changed_data
        if origin_changed:
            obj.origin = before.get("origin")
        if hidden_changed:
            obj.hidden = before.get("hidden")
        super().save_model(request, obj, form, change)
        if origin_changed:
            curation.set_origin(obj, form.cleaned_data["origin"], acting_user=request.user,
                                before=before.get("origin"))
        if hidden_changed:
            curation.set_hidden(obj, form.cleaned_data["hidden"], acting_user=request.user)

    def save_formset(self, request, form, formset, change):
        """Names added, changed or removed here are the editor's: logged, and their articles relinked."""
        deleted = formset.deleted_forms
        changed = [(f.instance, f.initial.get("name")) for f in formset.initial_forms
                   if f.has_changed() and f not in deleted]
        super().save_formset(request, form, formset, change)  # PersonName.save() computes each key
        curation.names_edited(form.instance, added=list(formset.new_objects), changed=changed,
                              removed=[(row.name, row.language) for row in formset.deleted_objects],
                              acting_user=request.user)

    def response_change(self, request, obj):
        # The form was valid, so "merge_with" is an unmerged other person; the merge itself
        # waits for the confirmation page.
        target = request.POST.get("merge_with")
        if target and self.has_change_permission(request, obj):
            self.message_user(request, "Confirm the merge: choose which record to keep.", messages.INFO)
            return HttpResponseRedirect(merge_url([obj.pk, int(target)], survivor=int(target)))
        return super().response_change(request, obj)

    @admin.action(description="Merge selected people (confirm and choose the record to keep)",
                  permissions=["change"])
    def merge_selected(self, request, queryset):
        people = list(queryset.unmerged())
        if len(people) < 2:
            self.message_user(request, "Select at least two people (not merged already) to merge.",
                              messages.WARNING)
            return None
        return HttpResponseRedirect(merge_url([p.pk for p in people], survivor=default_survivor(people).pk))

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
    list_display = ["name", "person", "language", "script", "kind", "key", "from_editor"]
    list_filter = ["language", "kind", "script", "from_editor"]
    search_fields = ["name", "key", "person__name"]
    raw_id_fields = ["person"]
    readonly_fields = ["key", "from_editor"]
    actions = ["split_off"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "person":  # a merged-away record is no choice
            kwargs["queryset"] = Person.objects.unmerged()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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
    list_display = ["person", "other", "score", "reason", "status", "review", "decided_by", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["person", "other", "score", "reason", "status", "decided_by", "decided_at"]
    actions = ["accept", "reject"]

    @admin.display(description="Review")
    def review(self, suggestion):
        if suggestion.status != MergeSuggestion.Status.PENDING:
            return "-"
        url = merge_url([suggestion.person_id, suggestion.other_id], suggestion=suggestion.pk)
        return format_html('<a href="{}">Compare and merge</a>', url)

    @admin.action(description="Accept: compare the two people and merge them", permissions=["change"])
    def accept(self, request, queryset):
        pending = list(queryset.filter(status=MergeSuggestion.Status.PENDING)[:2])
        if len(pending) != 1:
            self.message_user(request, "Accept one pending suggestion at a time: the next page shows its pair "
                              "side by side.", messages.WARNING)
            return None
        suggestion = pending[0]
        people = [resolve(suggestion.person), resolve(suggestion.other)]
        if people[0].pk == people[1].pk:  # merged meanwhile, one way or another: nothing left to merge
            curation.decide_suggestion(suggestion, True, acting_user=request.user)
            self.log_change(request, suggestion, "Accepted")
            self.message_user(request, f"{suggestion}: already one person; accepted.")
            return None
        return HttpResponseRedirect(merge_url([p.pk for p in people], survivor=default_survivor(people).pk,
                                              suggestion=suggestion.pk))

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
