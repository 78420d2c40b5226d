"""Factories for test data. Tests build exactly the organisation they need."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from serviceladder.accounts.models import RoleGrant
from serviceladder.ladder.models import Level, Track
from serviceladder.org.models import Department, Employee, LevelAssignment, Team


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-for-tests-1")


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track
        django_get_or_create = ("code",)

    code = "service"
    kind = Track.Kind.MANAGEMENT
    name_zh = "服务管理通道"
    name_en = "Service and management"


class LevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Level
        django_get_or_create = ("code",)

    track = factory.SubFactory(TrackFactory)
    code = factory.Sequence(lambda n: f"L{n + 1}")
    rank = factory.Sequence(lambda n: n + 1)
    name_zh = factory.Sequence(lambda n: f"级别{n + 1}")
    name_en = factory.Sequence(lambda n: f"Level {n + 1}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"dept{n}")
    name_zh = factory.Sequence(lambda n: f"部门{n}")
    name_en = factory.Sequence(lambda n: f"Department {n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("code",)

    department = factory.SubFactory(DepartmentFactory)
    code = factory.Sequence(lambda n: f"team{n}")
    name_zh = factory.Sequence(lambda n: f"班组{n}")
    name_en = factory.Sequence(lambda n: f"Team {n}")


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: f"E{n + 1:05d}")
    name = factory.Sequence(lambda n: f"员工{n + 1}")
    team = factory.SubFactory(TeamFactory)
    hire_date = dt.date(2023, 3, 1)


class LevelAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LevelAssignment

    employee = factory.SubFactory(EmployeeFactory)
    level = factory.SubFactory(LevelFactory)
    effective_from = dt.date(2024, 1, 1)


def user_with_roles(username: str, *roles: str, employee: Employee | None = None):
    user = UserFactory(username=username)
    for role in roles:
        RoleGrant.objects.get_or_create(user=user, role=role)
    if employee is not None:
        employee.user = user
        employee.save(update_fields=["user"])
    return user
