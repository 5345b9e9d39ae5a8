variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "app_image" {
  type        = string
  description = "Image of the reports API, tag included"
}
