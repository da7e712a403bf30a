"""The organization directory: browse the tree one may see, an organization's page, the import."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from debrief.accounts import selectors as access
from debrief.lib import background, downloads
from debrief.orgs import import_template, selectors
from debrief.orgs.models import Organization, OrganizationType

from . import import_jobs, services, tasks
from .forms import ImportForm
from .models import ImportStage, OrganizationImportJob

CHILDREN_PAGE_SIZE = 100


def _get_organization_for_user(request, code: str) -> Organization:
    organization = get_object_or_404(Organization, code=code)
    if not access.can_view(request.user, organization):
        raise Http404
    return organization


@login_required
def tree(request):
    query = request.GET.get("q", "").strip()
    results = (
        selectors.search_organizations(access.organizations_visible_to(request.user), query)
        if query
        else None
    )
    if request.htmx and request.htmx.target == "search-results":
        return render(request, "directory/partials/search_results.html", {"query": query, "results": results})
    paths = access.browse_roots(request.user)
    roots = selectors.children_of(None) if paths is None else selectors.roots_within(paths)
    return render(
        request,
        "directory/tree.html",
        {
            "roots": roots,
            "query": query,
            "results": results,
            "can_import": access.can_import_anywhere(request.user),
        },
    )


@login_required
def children(request, code: str):
    organization = _get_organization_for_user(request, code)
    if not request.htmx:
        return redirect("directory:detail", code=organization.code)
    return render(
        request,
        "directory/partials/children.html",
        {
            "children": selectors.children_of(organization)[:CHILDREN_PAGE_SIZE],
            "parent": organization,
            "more": max(0, organization.children.count() - CHILDREN_PAGE_SIZE),
        },
    )


@login_required
def detail(request, code: str):
    organization = _get_organization_for_user(request, code)
    today = timezone.localdate()
    page = Paginator(selectors.children_of(organization), CHILDREN_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    secretaries = selectors.secretaries_on(page.object_list, today)
    subordinates = [(child, secretaries.get(child.pk)) for child in page.object_list]
    counts = selectors.subtree_counts_by_type(organization)
    ancestors = [a for a in selectors.ancestors_of(organization) if access.can_view(request.user, a)]
    return render(
        request,
        "directory/detail.html",
        {
            "organization": organization,
            "ancestors": ancestors,
            "secretary": selectors.secretary_on(organization, today),
            "history": selectors.post_history(organization),
            "page": page,
            "subordinates": subordinates,
            "type_counts": [(label, counts.get(value, 0)) for value, label in OrganizationType.choices],
            "subtree_total": sum(counts.values()),
            "can_manage": access.can_manage(request.user, organization),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request):
    if not access.can_import_anywhere(request.user):
        raise PermissionDenied(_("Only organizers can import organizations."))
    result = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        if import_jobs.in_background(upload.name, content):
            job = import_jobs.job_start(
                user=request.user,
                file_name=upload.name,
                content=content,
                dry_run=form.cleaned_data["dry_run"],
                run_task=tasks.run_import,
            )
            return redirect("directory:import_job", pk=job.pk)
        result = services.organizations_import(
            user=request.user,
            file_name=upload.name,
            content=content,
            dry_run=form.cleaned_data["dry_run"],
        )
    return render(
        request,
        "directory/import.html",
        {
            "form": form,
            "result": result,
            "dry_run": form.is_bound and form.cleaned_data.get("dry_run"),
            "background_rows": settings.DEBRIEF_IMPORT_BACKGROUND_ROWS,
        },
        status=422 if result is not None and not result.ok else 200,
    )


@login_required
def import_job(request, pk: int):
    """A large import run by the worker: its stage while it runs (the page polls), then its outcome."""
    job = get_object_or_404(OrganizationImportJob, pk=pk)
    if job.user_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    stage, done, total = import_jobs.job_progress(job)
    context = {
        "job": job,
        "stage": stage,
        # The import service may name finer stages of its own; those show as named.
        "stage_label": ImportStage(stage).label if stage in ImportStage.values else stage,
        "done": done,
        "total": total,
        "result": import_jobs.job_outcome(job),
        "dry_run": job.dry_run,
        "poll_seconds": background.POLL_SECONDS,
    }
    template = "directory/partials/import_job_state.html" if request.htmx else "directory/import_job.html"
    return render(request, template, context)


@login_required
def import_template_download(request, fmt: str):
    if not access.can_import_anywhere(request.user):
        raise PermissionDenied(_("Only organizers can import organizations."))
    name = _("organization-import-template")
    if fmt == "csv":
        return downloads.attachment(import_template.template_csv(), "text/csv; charset=utf-8", f"{name}.csv")
    return downloads.attachment(import_template.template_xlsx(), downloads.XLSX, f"{name}.xlsx")
