"""聘用人员月度工资表（事假、病假） — leave-pay's table mode: one contract staff member a
row, each computed by leave_pay's own fields and compute (聘用人员管理办法 第十二条、第十三条),
with totals of 扣发 and 应发. A declaration, not a copy: see calculators/table.py."""
from __future__ import annotations

from . import leave_pay
from .engine import Field
from .table import ResultColumn, table_calculator

NAME = Field("name", "姓名", "text", help="聘用人员的姓名。")

CALCULATOR = table_calculator(
    name="leave-pay-month",
    title="聘用人员月度事假、病假工资表",
    summary="政治处每月的聘用人员工资表：每人一行（姓名、月基本工资、事假天数、病假天数），按聘用人员"
            "管理办法第十二条、第十三条逐人计算扣发和应发的基本工资，并合计。可从 Excel/WPS 粘贴或导入，"
            "结果导出为 .xlsx 或 .csv。",
    single=leave_pay.CALCULATOR,
    id_columns=(NAME,),
    results=(ResultColumn("deduction", "扣发基本工资"), ResultColumn("pay", "应发基本工资")),
    totals=("base_salary", "deduction", "pay"),
)
