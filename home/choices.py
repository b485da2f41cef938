"""Vocabularies shared by every app: the Bundesländer and the stages of the Bildungskette."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Bundesland(models.TextChoices):
    # Proper names, the same in every language of the site.
    BADEN_WUERTTEMBERG = "BW", "Baden-Württemberg"
    BAYERN = "BY", "Bayern"
    BERLIN = "BE", "Berlin"
    BRANDENBURG = "BB", "Brandenburg"
    BREMEN = "HB", "Bremen"
    HAMBURG = "HH", "Hamburg"
    HESSEN = "HE", "Hessen"
    MECKLENBURG_VORPOMMERN = "MV", "Mecklenburg-Vorpommern"
    NIEDERSACHSEN = "NI", "Niedersachsen"
    NORDRHEIN_WESTFALEN = "NW", "Nordrhein-Westfalen"
    RHEINLAND_PFALZ = "RP", "Rheinland-Pfalz"
    SAARLAND = "SL", "Saarland"
    SACHSEN = "SN", "Sachsen"
    SACHSEN_ANHALT = "ST", "Sachsen-Anhalt"
    SCHLESWIG_HOLSTEIN = "SH", "Schleswig-Holstein"
    THUERINGEN = "TH", "Thüringen"


class EducationStage(models.TextChoices):
    KITA = "kita", _("Day care (Kita)")
    PRIMARY = "grundschule", _("Primary school")
    SECONDARY_1 = "sek1", _("Lower secondary (Sekundarstufe I)")
    SECONDARY_2 = "sek2", _("Upper secondary (Sekundarstufe II)")
    VOCATIONAL = "beruf", _("Vocational education")
    UNIVERSITY = "hochschule", _("Higher education")
    OUT_OF_SCHOOL = "ausserschulisch", _("Out-of-school and leisure")


class TargetGroup(models.TextChoices):
    CHILDREN = "kinder", _("Children")
    PUPILS = "schueler", _("Pupils")
    GIRLS = "maedchen", _("Girls and young women")
    YOUNG_ADULTS = "junge_erwachsene", _("Young adults and trainees")
    STUDENTS = "studierende", _("Students")
    EDUCATORS = "fachkraefte", _("Teachers and educators")
    PARENTS = "eltern", _("Parents")
    BUSINESSES = "unternehmen", _("Companies and their staff")
    NETWORK = "netzwerk", _("Network partners and coordinators")
    PUBLIC = "oeffentlichkeit", _("The general public")
