"""Every RDF term govkg emits, named once: our ontology namespace, our instance namespace, and the reused W3C ones."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

#: The ontology (classes, properties, controlled concepts). Stable: users' queries depend on it.
GK = Namespace("https://w3id.org/govkg/def#")
#: Instances: entities are named by canonical name alone, so one thing gets one IRI in every report.
ID = Namespace("https://w3id.org/govkg/id/")

ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
QB = Namespace("http://purl.org/linked-data/cube#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
TIME = Namespace("http://www.w3.org/2006/time#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES: dict[str, Namespace] = {
    "gk": GK,
    "gkid": ID,
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "owl": Namespace(str(OWL)),
    "xsd": Namespace(str(XSD)),
    "skos": Namespace(str(SKOS)),
    "prov": Namespace(str(PROV)),
    "dcterms": Namespace(str(DCTERMS)),
    "org": ORG,
    "schema": SCHEMA,
    "qb": QB,
    "qudt": QUDT,
    "unit": UNIT,
    "time": TIME,
    "geo": GEO,
}

# ---------------------------------------------------------------- classes
Report = GK.Report
Part = GK.Part  # the two top parts of a report (review, plan); a kind of Goal
Goal = GK.Goal
Statement = GK.Statement
Passage = GK.Passage  # a statement or a context: what metrics are stated in
Task = GK.Task
Achievement = GK.Achievement
Paragraph = GK.Paragraph  # a paragraph divided into statements (its sentences): a Passage, never a Task or Achievement
NamedEntity = GK.NamedEntity  # superclass of the six entity classes below
Project = GK.Project
Facility = GK.Facility  # an existing, operating installation: a kind of Project
Area = GK.Area
Institution = GK.Institution
Program = GK.Program
IndustryCluster = GK.IndustryCluster
Event = GK.Event
Metric = GK.Metric
CountedGroup = GK.CountedGroup  # "六大产业集群": a group named by its size, not a measured quantity
StatusAssertion = GK.StatusAssertion
Context = GK.Context  # a sidebar, appendix or shortcomings paragraph: text beside the report's own
ExtractionActivity = GK.ExtractionActivity
WorkReport = GK.WorkReport
WorkReportSummary = GK.WorkReportSummary  # 要点, 摘要, 一图读懂: a digest of a work report
TaskDivisionPlan = GK.TaskDivisionPlan
Indicator = GK.Indicator  # a statistical indicator (地区生产总值): a skos:Concept of IndicatorScheme
PromiseCheck = GK.PromiseCheck  # a plan target of year N paired with the next review's outcome for year N
ReadingReport = GK.ReadingReport  # how well govkg read a report: counts, coverage, numbers left unread, warnings
ReadingWarning = GK.ReadingWarning  # one thing read badly, left out or repaired, with its source line

REPORT_KINDS = {"work-report": WorkReport, "summary": WorkReportSummary, "task-division": TaskDivisionPlan}

ENTITY_CLASSES = {
    "Project": Project,
    "Facility": Facility,
    "Area": Area,
    "Institution": Institution,
    "Program": Program,
    "IndustryCluster": IndustryCluster,
    "Event": Event,
}

# ---------------------------------------------------------------- object properties
subGoalOf = GK.subGoalOf
serves = GK.serves
mentions = GK.mentions
about = GK.about
statedIn = GK.statedIn
locatedIn = GK.locatedIn
associatedWith = GK.associatedWith  # outer name -> entity named inside it (清华大学人才培养基地 -> 清华大学)
inReport = GK.inReport
part = GK.part
level = GK.level
kind = GK.kind  # a metric's kind (Achieved, Target); metrics only
assertionKind = GK.assertionKind  # the same for a status assertion, kept apart so that it never reads as a metric
qualifier = GK.qualifier
status = GK.status
statusOf = GK.statusOf
member = GK.member
region = GK.region
leadUnit = GK.leadUnit  # Task -> Institution named in its 牵头单位 line
supportUnit = GK.supportUnit  # Task -> Institution named in its 责任单位 / 配合单位 line
goalTree = GK.goalTree
indicator = GK.indicator
promise = GK.promise
outcome = GK.outcome
promiseStatus = GK.promiseStatus
matchedBy = GK.matchedBy
reading = GK.reading  # Report -> its ReadingReport
warning = GK.warning  # ReadingReport -> ReadingWarning

# ---------------------------------------------------------------- datatype properties
text = GK.text
value = GK.value
valueMax = GK.valueMax
unit = GK.unit
qudtUnit = GK.qudtUnit
year = GK.year
reviewYear = GK.reviewYear
planYear = GK.planYear
startOffset = GK.startOffset
endOffset = GK.endOffset
rawStartOffset = GK.rawStartOffset
rawEndOffset = GK.rawEndOffset
line = GK.line
order = GK.order
marker = GK.marker
rawText = GK.rawText
measure = GK.measure
counted = GK.counted
qualifierText = GK.qualifierText
threshold = GK.threshold  # 亿元以上 in 亿元以上项目41个: what a count counts, not a quantity
contextKind = GK.contextKind
memberCount = GK.memberCount
sourceFile = GK.sourceFile
sha256 = GK.sha256
encoding = GK.encoding
cleanText = GK.cleanText
softwareVersion = GK.softwareVersion
deadline = GK.deadline  # a task's 完成时限 as printed
presenter = GK.presenter
presenterTitle = GK.presenterTitle
divisionCode = GK.divisionCode
lowerIsBetter = GK.lowerIsBetter
explanation = GK.explanation
goalCount = GK.goalCount
statementCount = GK.statementCount
entityCount = GK.entityCount
metricCount = GK.metricCount
coverage = GK.coverage  # share of the text read, xsd:decimal 0..1
headingShare = GK.headingShare  # share of the text in goal titles, xsd:decimal 0..1
unreadQuantityCount = GK.unreadQuantityCount  # numbers with units that no metric was read from
warningCode = GK.warningCode
warningMessage = GK.warningMessage

# ---------------------------------------------------------------- controlled concepts (SKOS)
MetricKindScheme = GK.MetricKindScheme
Achieved = GK.Achieved
Target = GK.Target

QualifierScheme = GK.QualifierScheme
Approximately = GK.Approximately
AtLeast = GK.AtLeast
AtMost = GK.AtMost
MoreThan = GK.MoreThan
LessThan = GK.LessThan
Range = GK.Range

ProjectStatusScheme = GK.ProjectStatusScheme
Planned = GK.Planned
Started = GK.Started
UnderConstruction = GK.UnderConstruction
Completed = GK.Completed
InUse = GK.InUse

PartScheme = GK.PartScheme
ReviewPart = GK.ReviewPart
PlanPart = GK.PlanPart

GoalLevelScheme = GK.GoalLevelScheme
PartLevel = GK.PartLevel
ChapterLevel = GK.ChapterLevel  # 一、 chapters; unmarked page banners; 聚焦… focus areas
SectionLevel = GK.SectionLevel  # （一） sections; ★ objectives; summary boxes
SubsectionLevel = GK.SubsectionLevel  # 1. / （1） headings under a section

IndicatorScheme = GK.IndicatorScheme

PromiseStatusScheme = GK.PromiseStatusScheme
Exceeded = GK.Exceeded
Met = GK.Met
PartlyMet = GK.PartlyMet
Missed = GK.Missed
NotReported = GK.NotReported

MatchBasisScheme = GK.MatchBasisScheme
ByIndicator = GK.ByIndicator
ByEntity = GK.ByEntity
BySubject = GK.BySubject
ByStage = GK.ByStage

administrativeLevel = GK.administrativeLevel
deliveredOn = GK.deliveredOn
session = GK.session
regionEvidence = GK.regionEvidence
yearEvidence = GK.yearEvidence
dateEvidence = GK.dateEvidence
sessionEvidence = GK.sessionEvidence
presenterEvidence = GK.presenterEvidence
#: ReportMeta.evidence's fields and the property that records each.
EVIDENCE_PROPERTIES = {"region": regionEvidence, "year": yearEvidence, "date": dateEvidence,
                       "session": sessionEvidence, "presenter": presenterEvidence}
ADMIN_LEVELS = {"province": GK.ProvinceLevel, "city": GK.PrefectureLevel, "county": GK.CountyLevel,
                "town": GK.TownshipLevel}
IDENTITY_EVIDENCE = {"override": GK.FromOverride, "manifest": GK.FromManifest, "title": GK.FromTitle,
                     "byline": GK.FromByline, "presenter": GK.FromPresenter, "session": GK.FromSession,
                     "self-reference": GK.FromSelfReference, "body": GK.FromBodyMentions, "date": GK.FromDeliveryDate,
                     "part-heading": GK.FromPartHeadings}

PROMISE_STATUSES = {"exceeded": Exceeded, "met": Met, "partly": PartlyMet, "missed": Missed,
                    "not_reported": NotReported}
MATCH_BASES = {"indicator": ByIndicator, "entity": ByEntity, "subject": BySubject, "stage": ByStage}

QUALIFIERS = {
    "about": Approximately,
    "at_least": AtLeast,
    "at_most": AtMost,
    "more_than": MoreThan,
    "less_than": LessThan,
    "range": Range,
}
STATUSES = {
    "planned": Planned,
    "started": Started,
    "under_construction": UnderConstruction,
    "completed": Completed,
    "in_use": InUse,
}
LEVELS = {"part": PartLevel, "chapter": ChapterLevel, "section": SectionLevel, "subsection": SubsectionLevel}
PARTS = {"review": ReviewPart, "plan": PlanPart}
KINDS = {"review": Achieved, "plan": Target}
METRIC_KINDS = {"achieved": Achieved, "target": Target}  # a kind the text states (a column 2025年目标)

# ---------------------------------------------------------------- reused terms the builder emits
REUSED = {
    "type": RDF.type,
    "label": RDFS.label,
    "altLabel": SKOS.altLabel,
    "prefLabel": SKOS.prefLabel,
    "inScheme": SKOS.inScheme,
    "ConceptScheme": SKOS.ConceptScheme,
    "Unit": QUDT.Unit,
    "wasGeneratedBy": PROV.wasGeneratedBy,
    "wasDerivedFrom": PROV.wasDerivedFrom,
    "wasAssociatedWith": PROV.wasAssociatedWith,
    "used": PROV.used,
    "SoftwareAgent": PROV.SoftwareAgent,
    "Entity": PROV.Entity,
    "Concept": SKOS.Concept,
    "gYear": XSD.gYear,
    "title": DCTERMS.title,
    "isPartOf": DCTERMS.isPartOf,
}
