"""Request bodies of the Kaiten routes (the seed documents none; fields as its responses name them)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class SpaceCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    title: str = Field(min_length=1, max_length=250)
    description: str = ""


class SpaceEdit(BaseModel):
    model_config = ConfigDict(extra="ignore")

    title: str | None = Field(default=None, min_length=1, max_length=250)
    description: str | None = None

    def to_core(self) -> dict[str, object]:
        names = {"title": "name", "description": "description"}
        return {names[k]: v for k, v in self.model_dump(exclude_unset=True).items()}
