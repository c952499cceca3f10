"""The build steps of the handbook, one module a step; build.py runs them in order."""

COURT = "廊坊经济技术开发区人民法院"   # the book's cover, the calculation sheets, an imported draft's issuer
