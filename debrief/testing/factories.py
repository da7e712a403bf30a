"""Factories for tests. Writes go through the services, as in production."""

import datetime
import itertools

import factory

from debrief.accounts.models import User
from debrief.accounts.services import role_grant
from debrief.orgs import services
from debrief.orgs.models import Level, Organization, OrganizationType, Person, Post, PostRole

_codes = itertools.count(1)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    code = factory.LazyFunction(lambda: f"T{next(_codes):05d}")
    name = factory.LazyAttribute(lambda o: f"测试党组织{o.code}")
    org_type = OrganizationType.COMMITTEE
    level = Level.UNIT
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.organization_create(**kwargs)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"张{n}")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    organization = factory.SubFactory(OrganizationFactory)
    person = factory.SubFactory(PersonFactory)
    role = PostRole.SECRETARY
    start_date = datetime.date(2022, 1, 1)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.post_appoint(**kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "secret-pass")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def user_with_role(role: str, organization: Organization, **kwargs) -> User:
    user = UserFactory(**kwargs)
    role_grant(user=user, organization=organization, role=role)
    return user
