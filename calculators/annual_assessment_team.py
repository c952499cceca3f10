"""年度绩效考核得分（全体人员） — annual-assessment's table mode: one person a row, each
scored by annual_assessment's own fields and compute (绩效考核实施细则 第五条、第六条、第八条).
Its export (姓名、人员类别 … 综合考核得分) imports into team-grading as it is; the export of
trial-quality-team (姓名、合计、名次、人员类别、参加排名的人数) imports into it (aliases in
calculators/table.py). 分段考核 (第十七条) stays on the single calculator."""
from __future__ import annotations

from . import annual_assessment
from .engine import Field
from .table import ResultColumn, table_calculator

NAME = Field("name", "姓名", "text", help="被考核人的姓名。")

CALCULATOR = table_calculator(
    name="annual-assessment-team",
    title="年度绩效考核得分（全体人员）",
    summary="一次计算全体人员的年度绩效考核得分：每人一行，按绩效考核实施细则第五条、第六条、第八条逐人"
            "计算（与“年度绩效考核得分”相同的规则）。导出的表格可直接导入“年度考核等次与奖金”；"
            "“审判质效指标得分（团队）”导出的表格可导入本表。",
    single=annual_assessment.CALCULATOR,
    id_columns=(NAME,),
    # 未完成办案任务 (员额法官 short of the 年结案数量: 第十二条, READING_UNFINISHED) goes
    # into team-grading with the export, which reads the column by this name
    results=(ResultColumn("total", "综合考核得分", "score"),
             ResultColumn("unfinished_cases", "未完成办案任务", "text")),
)
