// Pictures from the media library in an article's body: a django-prose-editor extension,
// loaded by the body editor's widget (dateline/images/widgets.py).
//
// A picture is one block that the writer places, moves or deletes. Its picture and words
// belong to the library and are edited there, so none of it is typed here. What it stores
// is the markup dateline/images/body_pictures.py describes, written back byte for byte as
// it was read, so saving an unchanged story changes nothing.
//
// The toolbar button opens the library's picker in a window of its own. The picker sends
// back a figure's markup (static/images/picker.js), which is read by the same rule as a
// body that is loaded or pasted.

import { Node } from "django-prose-editor/editor"

const MESSAGE = "dateline:body-picture"

// The editor whose picker is open, and the picker's window.
let waiting = null

window.addEventListener("message", (event) => {
  if (event.origin !== window.location.origin || event.data?.type !== MESSAGE) return
  if (!waiting || event.source !== waiting.picker) return
  waiting.editor.chain().focus().insertContent(event.data.html).run()
  waiting = null
})

const imgOf = (figure) => figure.querySelector("img")

// The caption is the figcaption's text before the credit, which is in <small>.
const captionOf = (figure) => {
  const figcaption = figure.querySelector("figcaption")
  if (!figcaption) return ""
  let text = ""
  for (const child of figcaption.childNodes) {
    if (child.nodeName !== "SMALL") text += child.textContent
  }
  return text.trim()
}

const fromFigure = (read) => ({ default: null, parseHTML: read, rendered: false })

export const BodyPicture = Node.create({
  name: "bodyPicture",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addOptions() {
    return { pickerUrl: null }
  },

  addAttributes() {
    return {
      image: fromFigure((figure) => figure.getAttribute("data-image")),
      src: fromFigure((figure) => imgOf(figure)?.getAttribute("src")),
      alt: fromFigure((figure) => imgOf(figure)?.getAttribute("alt") ?? ""),
      width: fromFigure((figure) => imgOf(figure)?.getAttribute("width")),
      height: fromFigure((figure) => imgOf(figure)?.getAttribute("height")),
      caption: fromFigure(captionOf),
      credit: fromFigure((figure) => figure.querySelector("figcaption small")?.textContent ?? ""),
    }
  },

  parseHTML() {
    return [{ tag: "figure.body-picture[data-image]" }]
  },

  renderHTML({ node }) {
    const { image, src, alt, width, height, caption, credit } = node.attrs
    return [
      "figure",
      { class: "body-picture", "data-image": image },
      ["img", { src, alt, width, height }],
      ["figcaption", ...(caption ? [`${caption} `] : []), ["small", credit || ""]],
    ]
  },

  addCommands() {
    return {
      pickBodyPicture:
        () =>
        ({ editor, dispatch }) => {
          if (!this.options.pickerUrl) return false
          if (!dispatch) return true
          const picker = window.open(
            this.options.pickerUrl,
            "body-picture-picker",
            "popup,width=960,height=760",
          )
          if (!picker) return false
          waiting = { editor, picker }
          picker.focus()
          return true
        },
    }
  },

  addMenuItems({ buttons, menu }) {
    // Without the picker's address (no permission to open it), no button.
    if (!this.options.pickerUrl) return
    menu.defineItem({
      name: "bodyPicture",
      groups: "nodes",
      command(editor) {
        editor.commands.pickBodyPicture()
      },
      button: buttons.material("image", "Insert a picture from the media library"),
    })
  },
})
