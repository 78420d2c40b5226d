"""Reading people-data sheets (CSV, XLSX) into checked rows. Nothing here writes; org.services does."""
